namespace Chats.Tests.Storage;

public sealed class StorageKeysTests
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
        var keys = AwkwardKeys.Select(StorageKeys.Encode).ToList();

        Assert.Equal(AwkwardKeys.Length, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void KeysHoldNoCharacterTheTableServiceRejectsAndFitItsLengthLimit()
    {
        foreach (var key in AwkwardKeys.Select(StorageKeys.Encode))
        {
            Assert.True(key.Length <= StorageKeys.MaxKeyLength, $"{key.Length} characters");
            Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
            Assert.False(HasLoneSurrogate(key), key);
        }
    }

    [Fact]
    public void KeysWithoutReservedCharactersAreKeptAsTheyAre()
    {
        Assert.Equal("chats_user-1 😀", StorageKeys.Encode("chats_user-1 😀"));
    }

    [Fact]
    public void EveryKeyThatIsNotHashedDecodesToItsInput()
    {
        foreach (var value in AwkwardKeys)
        {
            var key = StorageKeys.Encode(value);
            if (StorageKeys.TryDecode(key) is { } decoded)
            {
                Assert.Equal(value, decoded);
            }
            else
            {
                Assert.True(key.Length > StorageKeys.MaxKeyLength - 2 && key.Contains('~'), key);
            }
        }
    }

    [Fact]
    public void TenantKeysAreLegalAndKeepTheirTenantAndLocalKey()
    {
        var key = TenantKeys.Scope("acme", "a/b#?");

        Assert.Equal("%01acme%01a%2Fb%23%3F", key);
        Assert.Equal("acme", TenantKeys.TenantOf(key));
        Assert.Equal("a/b#?", TenantKeys.Unscope(key));
        Assert.Equal(TenantKeys.DefaultTenant, TenantKeys.TenantOf(TenantKeys.Scope("", "%01acme%01x")));
    }

    [Fact]
    public void TheLongestMemberSetKeyFitsAGrainStateRow()
    {
        var members = MemberSet.From(Enumerable.Range(0, 1000).Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + new string('/', 252)));

        var key = members.GrainKeyIn(new string('t', 63));

        Assert.True(key.Length <= StorageKeys.MaxStateKeyLength, $"{key.Length} characters");
        Assert.True(StorageKeys.MaxServiceIdLength + "_memberset_".Length + StorageKeys.MaxStateKeyLength <= StorageKeys.MaxKeyLength);
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
