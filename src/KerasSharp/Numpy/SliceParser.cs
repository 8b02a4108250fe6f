using System.Globalization;
using TorchSharp;

namespace Numpy;

/// <summary>Parses NumPy's index expressions ("1:3, :, ::2", "..., -1") into libtorch indices.</summary>
internal static class SliceParser
{
    public static torch.TensorIndex[] Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return expression.Split(',').Select(part => Part(part.Trim(), expression)).ToArray();
    }

    private static torch.TensorIndex Part(string part, string expression)
    {
        if (part == "...") return torch.TensorIndex.Ellipsis;
        if (part.Length == 0) throw new ArgumentException($"'{expression}' has an empty index; write ':' for a whole axis.");
        if (!part.Contains(':')) return torch.TensorIndex.Single(Number(part, expression)!.Value);
        var pieces = part.Split(':');
        if (pieces.Length > 3) throw new ArgumentException($"'{part}' in '{expression}' is not a slice: use start:stop:step.");
        long? start = Number(pieces[0], expression), stop = Number(pieces[1], expression), step = pieces.Length == 3 ? Number(pieces[2], expression) : null;
        if (step is <= 0) throw new ArgumentException($"'{part}' in '{expression}': only positive steps are supported.");
        return torch.TensorIndex.Slice(start, stop, step);
    }

    private static long? Number(string text, string expression)
    {
        text = text.Trim();
        if (text.Length == 0) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)
            ? n : throw new ArgumentException($"'{text}' in '{expression}' is not an integer index.");
    }
}
