using System.Text.RegularExpressions;

namespace KerasSharp.Tests.Tutorial;

/// <summary>docs/python-to-csharp.md shows C# that the tutorial's files really contain.</summary>
public partial class PythonToCSharpDocTests
{
    [GeneratedRegex(@"<!-- file: (?<file>[^ ]+) -->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();

    private static string Lines(string text) => string.Join("\n", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [Fact]
    public void Every_csharp_block_appears_line_for_line_in_its_file()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "python-to-csharp.md"));
        var blocks = Block().Matches(doc);
        Assert.True(blocks.Count >= 15, $"only {blocks.Count} C# blocks name their file");
        Assert.Equal(Regex.Matches(doc, "```csharp").Count, blocks.Count); // every C# block names its file
        foreach (Match block in blocks)
        {
            string path = Path.Combine(RepositoryPaths.Root, "src", "KerasSharp.Tutorial", block.Groups["file"].Value);
            Assert.True(File.Exists(path), $"{path} does not exist");
            Assert.True(Lines(File.ReadAllText(path)).Contains(Lines(block.Groups["code"].Value), StringComparison.Ordinal),
                $"This block is not in {block.Groups["file"].Value}:\n{block.Groups["code"].Value}");
        }
    }
}
