namespace Chronicle.Tests.Infrastructure;

/// <summary>Files of this checkout (scripts, docs), found from the test binaries upwards.</summary>
public static class RepositoryFiles
{
    private static readonly string Root = FindRoot();

    public static string Read(params string[] relativePath) => File.ReadAllText(PathOf(relativePath));

    public static string PathOf(params string[] relativePath) => Path.Combine([Root, .. relativePath]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Chronicle.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("Chronicle.sln not found above the test binaries");
    }
}
