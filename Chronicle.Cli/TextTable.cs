namespace Chronicle.Cli;

/// <summary>A plain-text table: a header, rows, columns padded to their widest cell, numbers right-aligned.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly HashSet<int> _rightAligned = [];

    public TextTable AlignRight(params int[] columns)
    {
        _rightAligned.UnionWith(columns);
        return this;
    }

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"a row of {cells.Length} cells in a table of {headers.Length} columns");
        _rows.Add(cells);
    }

    public void WriteTo(TextWriter output)
    {
        var widths = headers.Select((header, column) => _rows.Select(row => row[column].Length).Prepend(header.Length).Max()).ToArray();
        foreach (var row in _rows.Prepend(headers))
        {
            var cells = row.Select((cell, column) => _rightAligned.Contains(column) ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
