namespace Chats.Testing;

/// <summary>Finds the checkout the tests run from, where <c>npm ci</c> put Azurite.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The build configuration (Release or Debug) this code was built in, to find its sibling projects' output.</summary>
    public static string BuildConfiguration { get; } =
        AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Chats.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Chats.sln above {AppContext.BaseDirectory}.");
    }
}
