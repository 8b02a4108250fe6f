using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>Small learnable image problems made from a fixed seed.</summary>
internal static class SyntheticData
{
    /// <summary>
    /// 8x8 single-channel noise images with a bright 3x3 square in one of four quadrants; the class is
    /// the quadrant. Returns x (N, 8, 8, 1) float32 and one-hot y (N, 4).
    /// </summary>
    public static (Tensor X, Tensor Y, Tensor Labels) Quadrants(int n, int seed)
    {
        var generator = new Generator((ulong)seed);
        var x = rand(new long[] { n, 8, 8, 1 }, generator: generator) * 0.3;
        var labels = randint(0, 4, new long[] { n }, generator: generator);
        var l = labels.data<long>().ToArray();
        for (int i = 0; i < n; i++)
        {
            int row = (int)(l[i] / 2 * 4 + 1), col = (int)(l[i] % 2 * 4 + 1);
            x[i, TensorIndex.Slice(row, row + 3), TensorIndex.Slice(col, col + 3), TensorIndex.Colon] += 0.7;
        }
        return (x.to(ScalarType.Float32), nn.functional.one_hot(labels, 4).to(ScalarType.Float32), labels);
    }
}
