using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// libtorch's fused recurrent kernels (<c>torch.lstm</c>, <c>torch.gru</c>, <c>torch.rnn_tanh</c>, <c>torch.rnn_relu</c>),
/// which TorchSharp does not expose as functions, reached through a small TorchScript unit so that autograd flows to the
/// layer's own weights. They run every step in native code (and, for inference on CPU, in oneDNN's RNN primitive),
/// where a step loop pays TorchSharp's per-call cost a dozen times per step.
/// </summary>
internal static class FusedRecurrence
{
    /// <summary>The kernels, each taking (batch, timesteps, features) and states (1, batch, units); TorchScript wants the last line ended.</summary>
    private const string Source = """
        def lstm(x: Tensor, h: Tensor, c: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
            return torch.lstm(x, [h, c], [w_ih, w_hh, b_ih, b_hh], True, 1, 0.0, False, False, True)

        def gru(x: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor) -> Tuple[Tensor, Tensor]:
            return torch.gru(x, h, [w_ih, w_hh, b_ih, b_hh], True, 1, 0.0, False, False, True)

        def rnn_tanh(x: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor) -> Tuple[Tensor, Tensor]:
            return torch.rnn_tanh(x, h, [w_ih, w_hh, b_ih, b_hh], True, 1, 0.0, False, False, True)

        def rnn_relu(x: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor) -> Tuple[Tensor, Tensor]:
            return torch.rnn_relu(x, h, [w_ih, w_hh, b_ih, b_hh], True, 1, 0.0, False, False, True)

        """;

    private static readonly Lazy<jit.CompilationUnit> Unit = new(() => jit.compile(Source));

    /// <summary>
    /// Runs <paramref name="kernel"/> over <paramref name="x"/> (batch, timesteps, features) from <paramref name="states"/>
    /// (batch, units each) with the weights in libtorch's layout (w_ih, w_hh, b_ih, b_hh): every step's output
    /// (batch, timesteps, units) and the final states.
    /// </summary>
    public static (Tensor Sequence, Tensor[] States) Run(string kernel, Tensor x, Tensor[] states, Tensor[] weights)
    {
        var arguments = new[] { x }.Concat(states.Select(s => s.unsqueeze(0))).Concat(weights).Cast<object>().ToArray();
        if (kernel == "lstm")
        {
            var (sequence, h, c) = ((Tensor, Tensor, Tensor))Unit.Value.invoke(kernel, arguments);
            return (sequence, new[] { h.squeeze(0), c.squeeze(0) });
        }
        var (output, last) = ((Tensor, Tensor))Unit.Value.invoke(kernel, arguments);
        return (output, new[] { last.squeeze(0) });
    }
}
