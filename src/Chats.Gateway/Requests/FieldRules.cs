using System.Globalization;
using System.Text.RegularExpressions;

namespace Chats.Gateway.Requests;

/// <summary>The rules of field values that do not depend on where a request came from: ids, free text, timestamps.</summary>
internal static partial class FieldRules
{
    /// <summary>Checks an id's length and that it holds no control characters.</summary>
    public static void ValidateId(string name, string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: {value.Length} characters, over the limit of {maxLength}"));
        }

        if (value.Any(char.IsControl))
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: control characters are not allowed"));
        }
    }

    /// <summary>Checks free text: line breaks and tabs are text, other control characters are not.</summary>
    public static void ValidateText(string name, string value)
    {
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: control characters other than tab and line breaks are not allowed"));
        }
    }

    /// <summary>An RFC 3339 timestamp. Digits past the 7th (100 ns) round up, so "strictly before" keeps its meaning.</summary>
    public static DateTimeOffset ParseTimestamp(string name, string text)
    {
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: expected an RFC 3339 timestamp such as 2026-11-24T08:40:12.1234567Z"));
        }

        var fraction = match.Groups["fraction"].Value;
        var kept = fraction.Length > 7 ? fraction[..7] : fraction;
        var roundUp = fraction.Length > 7 && fraction[7..].Any(digit => digit != '0');
        var normalized = match.Groups["seconds"].Value + (kept.Length > 0 ? "." + kept : string.Empty) + match.Groups["offset"].Value;
        if (!DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: not a valid date or time"));
        }

        return roundUp && parsed < DateTimeOffset.MaxValue ? parsed.AddTicks(1) : parsed;
    }

    public static MicroErrorException WrongType(string name, string expected) => new(MicroError.BadRequest($"{name}: expected {expected}"));

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<offset>[Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
