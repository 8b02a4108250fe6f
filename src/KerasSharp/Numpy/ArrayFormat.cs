using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Numpy;

/// <summary>
/// NumPy's <c>str(array)</c>: nested brackets, elements right-aligned to a common width; integers as they are,
/// floats with up to 8 decimals, as few as tell them apart, and the fraction padded so the points align (<c>[1.  2.5]</c>);
/// booleans as True and False. Arrays over 1000 elements show 3 items at each end of every axis, around "...".
/// </summary>
internal static class ArrayFormat
{
    private const int Threshold = 1000, EdgeItems = 3, LineWidth = 75;

    public static string Str(Tensor array)
    {
        using var cpu = array.detach().cpu();
        if (cpu.dim() == 0) return Format(new[] { cpu }, cpu.dtype)[0];
        bool summarise = cpu.numel() > Threshold;
        var items = new List<Tensor>();
        Collect(cpu, summarise, items);
        var texts = Format(items, cpu.dtype);
        int width = texts.DefaultIfEmpty("").Max(t => t.Length);
        int next = 0;
        var output = new StringBuilder();
        Write(cpu, summarise, texts.Select(t => t.PadLeft(width)).ToList(), ref next, output, 1);
        foreach (var item in items) item.Dispose();
        return output.ToString();
    }

    private static IEnumerable<long> Shown(long n, bool summarise) =>
        summarise && n > 2 * EdgeItems ? Enumerable.Range(0, EdgeItems).Select(i => (long)i).Append(-1).Concat(Enumerable.Range(0, EdgeItems).Select(i => n - EdgeItems + i)) : Enumerable.Range(0, (int)n).Select(i => (long)i);

    private static void Collect(Tensor a, bool summarise, List<Tensor> items)
    {
        foreach (long i in Shown(a.shape[0], summarise))
        {
            if (i < 0) continue;
            if (a.dim() == 1) items.Add(a[i]);
            else Collect(a[i], summarise, items);
        }
    }

    private static void Write(Tensor a, bool summarise, List<string> texts, ref int next, StringBuilder output, int depth)
    {
        output.Append('[');
        int lineStart = output.Length - depth;
        bool first = true;
        foreach (long i in Shown(a.shape[0], summarise))
        {
            if (a.dim() == 1)
            {
                string text = i < 0 ? "..." : texts[next++];
                if (!first)
                {
                    if (output.Length - lineStart + 1 + text.Length + 1 > LineWidth)
                    {
                        output.Append('\n').Append(' ', depth);
                        lineStart = output.Length - depth;
                    }
                    else output.Append(' ');
                }
                output.Append(text);
            }
            else
            {
                if (!first) output.Append(new string('\n', (int)a.dim() - 1)).Append(' ', depth);
                if (i < 0) output.Append("...");
                else
                {
                    using var row = a[i];
                    Write(row, summarise, texts, ref next, output, depth + 1);
                }
            }
            first = false;
        }
        output.Append(']');
    }

    private static List<string> Format(IReadOnlyList<Tensor> items, ScalarType type)
    {
        if (type == ScalarType.Bool) return items.Select(t => t.item<bool>() ? "True" : "False").ToList();
        if (!TorchSharp.torch.is_floating_point(type))
            return items.Select(t => t.to_type(ScalarType.Int64).item<long>().ToString(CultureInfo.InvariantCulture)).ToList();
        var values = items.Select(t => t.to_type(ScalarType.Float64).item<double>()).ToList();
        // As few decimals (at most 8) as make every value exact at that precision; then pad all fractions to the longest.
        var decimals = values.Select(v => double.IsFinite(v) ? Enumerable.Range(0, 9).First(d => d == 8 || Math.Round(v, d) == Math.Round(v, 8)) : 0).ToList();
        int fraction = decimals.DefaultIfEmpty(0).Max();
        return values.Select((v, i) =>
        {
            if (double.IsNaN(v)) return "nan";
            if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
            string text = v.ToString("F" + decimals[i], CultureInfo.InvariantCulture);
            if (decimals[i] == 0) text += ".";
            return text + new string(' ', fraction - decimals[i]);
        }).ToList();
    }
}
