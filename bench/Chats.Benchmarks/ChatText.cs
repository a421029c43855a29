namespace Chats.Benchmarks;

/// <summary>
/// Message texts like a chat's (everyday words, 20 to 180 characters, 100 on average), not one repeated
/// letter: stored history is compressed, and a text of one letter would flatter it.
/// </summary>
internal static class ChatText
{
    private static readonly string[] Words =
        ("ok so I think we should meet at the station tomorrow morning before the train leaves, can you bring the " +
         "notes from last week? thanks! sounds good, I'll be there around nine. the coffee place next to it opens " +
         "early anyway lol sorry running late again traffic is terrible today did you see the new project plan " +
         "yes looks great but the deadline is tight; let's call later and sort it out. send me the link please " +
         "haha that's perfect. weekend plans? maybe hiking if the weather holds, otherwise a movie at home").Split(' ');

    private static readonly string[] Texts = Make(512);

    /// <summary>The mean length of the texts <see cref="Next"/> returns, in characters.</summary>
    public static double AverageLength { get; } = Texts.Average(text => text.Length);

    public static string Next() => Texts[Random.Shared.Next(Texts.Length)];

    private static string[] Make(int count)
    {
        var random = new Random(2026);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var length = random.Next(20, 181);
            var text = new System.Text.StringBuilder();
            while (text.Length < length)
            {
                text.Append(text.Length == 0 ? "" : " ").Append(Words[random.Next(Words.Length)]);
            }

            return text.ToString(0, length);
        })];
    }
}
