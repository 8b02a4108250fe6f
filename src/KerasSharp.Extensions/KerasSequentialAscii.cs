using System.Text;
using Keras;
using Keras.Layers;
using Keras.Models;
using Keras.Utils;

namespace KerasSharp.Extensions;

/// <summary>
/// keras-sequential-ascii's <c>sequential_model_to_ascii_printout</c>: each layer as an operation line
/// (kind, glyph, weight count and share) between data lines (activation and shape). It draws a chain of layers: a
/// Sequential model, or a functional one whose layers each take the previous one's output (its input layer is then
/// drawn too, as the Python function draws <c>model.layers</c>); a graph that branches is refused with a clear error.
/// </summary>
public static class KerasSequentialAscii
{
    private static readonly Dictionary<string, string> Glyphs = new()
    {
        ["InputLayer"] = "  |  ",
        ["Conv2D"] = " \\|/ ",
        ["Activation"] = " f| ",
        ["Flatten"] = "|||||",
        ["MaxPooling2D"] = "Y max",
        ["AveragePooling2D"] = "Y avg",
        ["Dropout"] = " | ||",
        ["Dense"] = "XXXXX",
        ["BatchNormalization"] = " μ|σ ",
        ["Reshape"] = "  |  ",
    };

    private sealed record Row(string Kind, string Activation, Shape Output, long Parameters);

    /// <summary>
    /// Prints the model as keras-sequential-ascii does, to <paramref name="output"/> or else the console, and returns
    /// the text. With <paramref name="simplify"/>,
    /// an Activation layer is folded into the layer before it when that layer's own activation is linear or absent.
    /// </summary>
    /// <param name="model">The model to draw.</param>
    /// <param name="output">Where to print; the console by default.</param>
    /// <param name="sparser">Put a blank line around each operation line.</param>
    /// <param name="simplify">Fold an Activation layer into the layer before it when that layer has no activation of its own.</param>
    /// <param name="header">Print the column headings first.</param>
    /// <returns>The printout's text.</returns>
    public static string SequentialModelToAsciiPrintout(BaseModel model, TextWriter? output = null, bool sparser = false, bool simplify = true, bool header = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Layers.Count == 0) throw new ArgumentException("The model has no layers to print.");
        if (model is not Sequential && !IsChain(model))
            throw new ArgumentException($"The ASCII printout draws a chain of layers, and model '{model.Name}' is a graph with branches, several inputs or outputs, or shared layers; use model.Summary() instead.");
        var rows = new List<Row>();
        foreach (Layer layer in model.Layers)
        {
            var row = new Row(layer.GetType().Name, layer.ActivationName ?? "", layer.OutputShape, layer.CountParams());
            if (simplify && row.Kind == "Activation" && rows.Count > 0 && rows[^1].Activation is "" or "linear")
                rows[^1] = rows[^1] with { Activation = row.Activation };
            else
                rows.Add(row);
        }

        long all = rows.Sum(r => r.Parameters);
        var text = new StringBuilder();
        if (header) text.Append("           OPERATION           DATA DIMENSIONS   WEIGHTS(N)   WEIGHTS(%)\n\n");
        text.Append(DataLine("Input", model.InputShape));
        foreach (var row in rows)
        {
            if (sparser) text.Append('\n');
            string glyph = Glyphs.GetValueOrDefault(row.Kind, "?????");
            string kind = row.Kind == "Activation" ? "" : row.Kind;
            // Python's 5.1f: ties round to even on the exact binary value.
            string percent = PyFormat.Fixed(all == 0 ? 0 : 100.0 * row.Parameters / all, 1).PadLeft(5);
            text.Append($"{kind,20}   {glyph} -------------------{row.Parameters,10}   {percent}%\n");
            if (sparser) text.Append('\n');
            text.Append(DataLine(row.Activation == "linear" ? "" : row.Activation, row.Output));
        }
        string result = text.ToString();
        (output ?? Console.Out).Write(result);
        return result;
    }

    /// <inheritdoc cref="SequentialModelToAsciiPrintout"/>
    public static string sequential_model_to_ascii_printout(BaseModel model, TextWriter? output = null, bool sparser = false, bool simplify = true, bool header = true) =>
        SequentialModelToAsciiPrintout(model, output, sparser, simplify, header);

    /// <summary>Whether every layer after the input layer takes the previous one's output, and only it.</summary>
    private static bool IsChain(BaseModel model)
    {
        try
        {
            return model.Inputs.Count == 1 && model.Outputs.Count == 1 && model.Outputs[0] == model.Layers[^1].Output &&
                   model.Layers.Skip(1).Select((layer, i) => layer.Input == model.Layers[i].Output).All(linked => linked);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return false; // a layer called several times, or on several tensors
        }
    }

    private static string DataLine(string activation, Shape shape)
    {
        string dims = shape.Rank > 1 ? string.Join(" ", shape.Dims.Select(d => $"{d,4}")) : $"{shape[0],9}";
        return $"{activation,20}   #####   {dims}\n";
    }
}
