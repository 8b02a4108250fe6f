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

    /// <summary>The engine axis that holds Keras's last axis (channels for images).</summary>
    public static int ChannelAxis(Tensor engine) => engine.dim() == 4 ? 1 : -1;
}
