using System.Globalization;
using Keras.Layers;

namespace Keras.Models;

/// <summary>Keras 2.2's <c>print_summary</c> for a Sequential model: columns end at 45%, 85% and 100% of the line.</summary>
internal static class ModelSummary
{
    public static void Print(Sequential model, int lineLength, Action<string> print)
    {
        var positions = new[] { 0.45, 0.85, 1.0 }.Select(p => (int)(lineLength * p)).ToArray();
        print(new string('_', lineLength));
        print(Row(new[] { "Layer (type)", "Output Shape", "Param #" }, positions));
        print(new string('=', lineLength));
        for (int i = 0; i < model.Layers.Count; i++)
        {
            Layer layer = model.Layers[i];
            print(Row(new[] { $"{layer.Name} ({layer.GetType().Name})", layer.OutputShape.ToBatchString(), layer.CountParams().ToString(CultureInfo.InvariantCulture) }, positions));
            print(new string(i == model.Layers.Count - 1 ? '=' : '_', lineLength));
        }
        long trainable = model.Layers.SelectMany(l => l.TrainableWeights).Sum(w => w.Size);
        long total = model.CountParams();
        print($"Total params: {total.ToString("N0", CultureInfo.InvariantCulture)}");
        print($"Trainable params: {trainable.ToString("N0", CultureInfo.InvariantCulture)}");
        print($"Non-trainable params: {(total - trainable).ToString("N0", CultureInfo.InvariantCulture)}");
        print(new string('_', lineLength));
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
