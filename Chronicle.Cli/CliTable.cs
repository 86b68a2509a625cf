using Spectre.Console;

namespace Chronicle.Cli;

/// <summary>
/// A Spectre.Console table drawn as the CLI's tables have always read, since scripts and tests read them line by line:
/// no borders, a header row, columns two spaces apart, numbers right-aligned, no blanks at the end of a line.
/// </summary>
internal sealed class CliTable
{
    private const int Gap = 2;
    private readonly Table _table = new Table().Border(TableBorder.None);

    public CliTable(params string[] headers)
    {
        foreach (var header in headers) _table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))).PadLeft(0).PadRight(Gap));
        _table.Columns[^1].PadRight(0);
    }

    public CliTable AlignRight(params int[] columns)
    {
        foreach (var column in columns) _table.Columns[column].RightAligned();
        return this;
    }

    /// <summary>A row; cells are plain text (never Spectre markup: an error message may hold brackets).</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != _table.Columns.Count) throw new ArgumentException($"a row of {cells.Length} cells in a table of {_table.Columns.Count} columns");
        _table.AddRow(cells.Select(cell => new Text(cell)));
    }

    public void WriteTo(CliConsole console)
    {
        // Spectre pads every cell to its column's width, the last one too: trimmed, as the lines were before Spectre.
        foreach (var line in console.Ansi.ToAnsi(_table).TrimEnd().Split('\n')) console.Out.WriteLine(line.TrimEnd());
    }
}
