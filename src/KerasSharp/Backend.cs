using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace Keras;

/// <summary>
/// Keras's <c>keras.backend</c>: the compute device and the layer-name counters of the current <see cref="Session"/>.
/// </summary>
public static partial class Backend
{
    /// <summary>
    /// Keras's fuzz factor, <c>K.epsilon()</c> (1e-7): the loss clips probabilities to [epsilon, 1 - epsilon], MaxNorm
    /// and the optimizers add it to denominators.
    /// </summary>
    public const double Epsilon = 1e-7;

    /// <summary>
    /// The device models are built on. By default CUDA when libtorch sees a GPU, else the CPU;
    /// override with <see cref="SetDevice"/> or the <c>KERAS_DEVICE</c> environment variable
    /// (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>).
    /// </summary>
    public static Device Device => Session.Current.Device;

    /// <summary>Chooses the device for models built from now on in the current session.</summary>
    /// <param name="device"><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</param>
    public static void SetDevice(string device) => Session.Current.Device = Resolve(device);

    /// <summary>A device by name, checked: CUDA only where libtorch sees one.</summary>
    internal static Device Resolve(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n == "auto") return cuda.is_available() ? CUDA : CPU;
        if (n == "cpu") return CPU;
        if (n == "meta") return new Device("meta");
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new ArgumentException(
                    $"Device '{name}' was asked for, but libtorch sees no CUDA device. Reference a CUDA runtime package " +
                    "(see docs/cpu-gpu.md) and check the driver, or use 'cpu' or 'auto'.");
            return new Device(n);
        }
        throw new ArgumentException($"Unknown device '{name}'. Use 'auto', 'cpu', 'cuda' or 'cuda:N'.");
    }

    /// <summary>Resets the current session's layer-name counters, so the next Conv2D is <c>conv2d_1</c> again.</summary>
    public static void ClearSession() => Session.Current.ClearNames();

    /// <summary>Next 1-based counter for a name prefix in the current session, as Keras's <c>K.get_uid</c>.</summary>
    /// <param name="prefix">The name prefix, such as <c>conv2d</c>.</param>
    /// <returns>1 the first time, then 2, 3, ...</returns>
    public static int GetUid(string prefix) => Session.Current.NextUid(prefix);

    /// <summary>Keras's <c>K.image_data_format()</c>: KerasSharp's images are always channels-last (N, H, W, C).</summary>
    /// <returns><c>"channels_last"</c>.</returns>
    public static string ImageDataFormat() => "channels_last";

    /// <summary>Keras's snake_case of a class name: <c>MaxPooling2D</c> to <c>max_pooling2d</c>.</summary>
    /// <param name="name">A class name.</param>
    /// <returns>The snake_case form.</returns>
    public static string ToSnakeCase(string name)
    {
        string intermediate = WordStart().Replace(name, "$1_$2");
        return LowerUpper().Replace(intermediate, "$1_$2").ToLowerInvariant();
    }

    [GeneratedRegex("(.)([A-Z][a-z0-9]+)")]
    private static partial Regex WordStart();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex LowerUpper();
}
