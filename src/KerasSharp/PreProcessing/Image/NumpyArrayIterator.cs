using static TorchSharp.torch;

namespace Keras.PreProcessing.Image;

/// <summary>
/// What <see cref="ImageDataGenerator.Flow"/> returns, as Keras's <c>NumpyArrayIterator</c>: augmented batches of
/// in-memory pictures and their targets, endlessly (see <see cref="KerasIterator"/> for the order and the threads).
/// </summary>
public sealed class NumpyArrayIterator : KerasIterator
{
    private readonly ImageDataGenerator _augmenter;
    private readonly Tensor _x, _y;

    internal NumpyArrayIterator(ImageDataGenerator augmenter, Tensor x, Tensor y, int batchSize, bool shuffle, long seed)
        : base(x.shape[0], batchSize, shuffle, seed, onAccelerator: x.device.type != TorchSharp.DeviceType.CPU)
    {
        (_augmenter, _x, _y) = (augmenter, x, y);
    }

    /// <summary>The shape of one picture (H, W, C).</summary>
    public override Shape ImageShape => _x.shape.Skip(1).Select(d => (int)d).ToArray();

    /// <summary>The shape of one target.</summary>
    public override long[] TargetShape => _y.shape.Skip(1).ToArray();

    private protected override (Tensor X, Tensor? Y) MakeBatch(long[] index, Generator generator)
    {
        var rows = tensor(index);
        var x = _augmenter.Standardize(_augmenter.Augment(_x.index_select(0, rows.to(_x.device)), generator));
        return (x, _y.index_select(0, rows.to(_y.device)));
    }
}
