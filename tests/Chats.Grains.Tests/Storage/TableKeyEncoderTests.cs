using Chats.Storage;

namespace Chats.Tests.Storage;

public sealed class TableKeyEncoderTests
{
    public static readonly string[] AwkwardKeys =
    [
        "", "plain", "a/b", "a\\b", "a#b", "a?b", "a_b", "a%2Fb", "a%b", "a~b", "tab\there", "nul\0", "del\u007f", "c1\u0085",
        "emoji 😀", "lone \ud800 surrogate", "кириллица", new string('x', 300), new string('x', 511), new string('x', 512),
        new string('x', 513), new string('/', 300), new string('x', 600), new string('x', 600) + "y", string.Concat(Enumerable.Repeat("😀", 400)),
    ];

    [Fact]
    public void DistinctInputsGiveDistinctKeys()
    {
        var keys = AwkwardKeys.Select(TableKeyEncoder.Encode).ToList();

        Assert.Equal(AwkwardKeys.Length, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void KeysHoldNoCharacterTheTableServiceRejectsAndFitItsLengthLimit()
    {
        foreach (var key in AwkwardKeys.Select(TableKeyEncoder.Encode))
        {
            Assert.True(key.Length <= TableKeyEncoder.MaxKeyLength, $"{key.Length} characters");
            Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
            Assert.False(HasLoneSurrogate(key), key);
        }
    }

    [Fact]
    public void KeysWithoutReservedCharactersAreKeptAsTheyAre()
    {
        Assert.Equal("chats_user-1 😀", TableKeyEncoder.Encode("chats_user-1 😀"));
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
