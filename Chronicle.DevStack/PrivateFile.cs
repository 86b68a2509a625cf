namespace Chronicle.DevStack;

/// <summary>A file with secrets (API keys, a control token): readable by its owner only, replaced in one rename so no reader sees half of it.</summary>
public static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, string text)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        using (var writer = new StreamWriter(file))
            writer.Write(text);
        File.SetUnixFileMode(temporary, OwnerOnly); // an older .tmp kept its mode
        File.Move(temporary, path, overwrite: true);
    }
}
