using System.Globalization;
using Keras.Layers;

namespace Keras.Models;

/// <summary>
/// Keras 2.2's <c>print_summary</c>. A Sequential model, or a graph that is a plain chain (one call per depth, each of
/// one input, no layer called twice), prints three columns ending at 45%, 85% and 100% of 65 characters; any other
/// graph prints four, ending at 33%, 55%, 67% and 100% of 98, the last saying what each call is connected to
/// (<c>input_1[0][0]</c>: layer, call, output).
/// </summary>
internal static class ModelSummary
{
    public static void Print(BaseModel model, int? lineLength, Action<string> print)
    {
        bool chain = IsChain(model);
        int length = lineLength ?? (chain ? 65 : 98);
        var positions = (chain ? new[] { 0.45, 0.85, 1.0 } : new[] { 0.33, 0.55, 0.67, 1.0 }).Select(p => (int)(length * p)).ToArray();
        var header = chain ? new[] { "Layer (type)", "Output Shape", "Param #" } : new[] { "Layer (type)", "Output Shape", "Param #", "Connected to" };
        print(new string('_', length));
        print(Row(header, positions));
        print(new string('=', length));
        var relevant = model.Nodes.ToHashSet();
        var layers = model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var fields = new List<string> { $"{layer.Name} ({layer.GetType().Name})", OutputShape(layer), layer.CountParams().ToString(CultureInfo.InvariantCulture) };
            if (chain)
            {
                print(Row(fields, positions));
            }
            else
            {
                var connections = layer.InboundNodes.Where(relevant.Contains)
                    .SelectMany(n => n.Inputs.Select(t => $"{t.Layer.Name}[{t.Node.IndexInLayer}][{t.Index}]")).ToList();
                fields.Add(connections.FirstOrDefault() ?? "");
                print(Row(fields, positions));
                foreach (var more in connections.Skip(1)) print(Row(new[] { "", "", "", more }, positions));
            }
            print(new string(i == layers.Count - 1 ? '=' : '_', length));
        }
        long trainable = model.TrainableWeights.Sum(w => w.Size);
        long total = model.CountParams();
        print($"Total params: {total.ToString("N0", CultureInfo.InvariantCulture)}");
        print($"Trainable params: {trainable.ToString("N0", CultureInfo.InvariantCulture)}");
        print($"Non-trainable params: {(total - trainable).ToString("N0", CultureInfo.InvariantCulture)}");
        print(new string('_', length));
    }

    /// <summary>Keras's <c>sequential_like</c>: a Sequential, or a graph with one call per depth, each of at most one input, and no layer called twice in it.</summary>
    private static bool IsChain(BaseModel model)
    {
        if (model is Sequential) return true;
        if (model.NodeDepths.GroupBy(p => p.Value).Any(g => g.Count() > 1 || g.First().Key.Inputs.Count > 1)) return false;
        var nodes = model.Nodes.ToHashSet();
        return model.Layers.All(l => l.InboundNodes.Count(nodes.Contains) <= 1);
    }

    /// <summary>The layer's output shape as Keras prints it; <c>multiple</c> when its calls differ, a list for several outputs.</summary>
    private static string OutputShape(Layer layer)
    {
        var shapes = layer.OutputShapes;
        return shapes.Count == 1 ? shapes[0].ToBatchString() : $"[{string.Join(", ", shapes.Select(s => s.ToBatchString()))}]";
    }

    /// <summary>Each field is cut to end at its column; the character before the next field becomes a space.</summary>
    private static string Row(IReadOnlyList<string> fields, IReadOnlyList<int> positions)
    {
        string line = "";
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) line = line[..^1] + " ";
            line += fields[i];
            if (line.Length > positions[i]) line = line[..positions[i]];
            line = line.PadRight(positions[i]);
        }
        return line;
    }
}
