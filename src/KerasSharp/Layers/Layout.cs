using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras images are (N, H, W, C). The engine's convolutions want (N, C, H, W): a permuted view of
/// the same channels-last memory, so switching between the two costs no copy.
/// </summary>
internal static class Layout
{
    public static Tensor ToEngine(Tensor keras) => keras.dim() == 4 ? keras.permute(0, 3, 1, 2) : keras;

    public static Tensor ToKeras(Tensor engine) => engine.dim() == 4 ? engine.permute(0, 2, 3, 1) : engine;

    /// <summary>The engine axis of Keras's axis <paramref name="axis"/> (counted with the batch axis as 0) in a tensor of <paramref name="rank"/> dimensions.</summary>
    public static long EngineAxis(int axis, int rank) => rank == 4 ? axis switch { 0 => 0, 1 => 2, 2 => 3, _ => 1 } : axis;

    /// <summary>The engine axis that holds Keras's last axis (channels for images).</summary>
    public static int ChannelAxis(Tensor engine) => engine.dim() == 4 ? 1 : -1;
}
