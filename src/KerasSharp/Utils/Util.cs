using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Utils;

/// <summary><c>keras.utils</c>: one-hot encoding and the global random seed.</summary>
public static class Util
{
    /// <summary>
    /// One-hot encodes integer class labels of shape (N) or (N, 1) into float32 (N, num_classes),
    /// as <c>keras.utils.to_categorical</c>. Without num_classes, max(y) + 1 classes are made.
    /// </summary>
    /// <param name="y">Integer labels, (N) or (N, 1).</param>
    /// <param name="num_classes">The number of classes; max(y) + 1 by default.</param>
    /// <returns>float32 (N, num_classes).</returns>
    public static Tensor ToCategorical(Tensor y, int? num_classes = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.is_floating_point())
        {
            using var fractional = y.frac().abs().sum().to(ScalarType.Float64);
            if (fractional.item<double>() > 0)
                throw new ArgumentException("to_categorical expects integer class labels, but the array holds fractional values.");
        }
        var shape = y.shape.ToList();
        if (shape.Count > 1 && shape[^1] == 1) shape.RemoveAt(shape.Count - 1);
        using var labels = y.reshape(-1).to(ScalarType.Int64);
        if (labels.numel() == 0) throw new ArgumentException("to_categorical got an empty array of labels.");
        long min = labels.min().item<long>(), max = labels.max().item<long>();
        int classes = num_classes ?? (int)(max + 1);
        if (min < 0 || max >= classes)
            throw new ArgumentException(
                $"to_categorical: labels must lie in [0, {classes - 1}] for num_classes={classes}, but they range from {min} to {max}.");
        using var oneHot = nn.functional.one_hot(labels, classes);
        shape.Add(classes);
        return oneHot.to(ScalarType.Float32).reshape(shape.ToArray());
    }

    /// <inheritdoc cref="ToCategorical"/>
    public static Tensor to_categorical(Tensor y, int? num_classes = null) => ToCategorical(y, num_classes);

    /// <summary>
    /// Seeds every random source KerasSharp uses in the current session (weight initialisation, shuffling, dropout,
    /// <c>np.random</c> and the data iterators' generators), and libtorch's own global generator for code that draws from
    /// it directly, so the same seed gives the same weights and History on the CPU.
    /// </summary>
    /// <param name="seed">The seed.</param>
    public static void SetRandomSeed(long seed)
    {
        Session.Current.Random.Seed(seed);
        torch.manual_seed(seed);
        if (cuda.is_available()) cuda.manual_seed_all(seed);
    }

    /// <inheritdoc cref="SetRandomSeed"/>
    public static void set_random_seed(long seed) => SetRandomSeed(seed);
}
