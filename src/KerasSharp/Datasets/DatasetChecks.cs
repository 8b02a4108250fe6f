using Numpy;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>What a dataset's files must hold, checked as they are read, so that a damaged file is named there and then, not by a later step that trips over it.</summary>
internal static class DatasetChecks
{
    /// <summary>Pictures of the dataset's size: (N, height, width) or (N, height, width, channels).</summary>
    public static void Images(string file, NDarray images, int height, int width)
    {
        var shape = images.Tensor.shape;
        if (shape.Length < 3 || shape[1] != height || shape[2] != width)
            throw new InvalidDataException($"'{file}' holds pictures of shape ({string.Join(", ", shape.Skip(1))}); this dataset's are {height}x{width}: the file is damaged or belongs to another dataset.");
    }

    /// <summary>Class labels within 0 to classes - 1.</summary>
    public static void Labels(string file, Tensor labels, int classes)
    {
        using var values = labels.to(ScalarType.Int64);
        if (values.numel() == 0) return;
        using var min = values.min();
        using var max = values.max();
        long low = min.item<long>(), high = max.item<long>();
        if (low < 0 || high >= classes)
            throw new InvalidDataException($"'{file}' holds the label {(low < 0 ? low : high)}; this dataset's labels are 0 to {classes - 1}: the file is damaged.");
    }
}
