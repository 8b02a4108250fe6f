using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>SimpleRNN</c>: h = activation(x W + h U + b) at each step (see <see cref="Recurrent"/>).</summary>
public sealed class SimpleRNN : Recurrent
{
    /// <summary>A fully connected recurrent layer.</summary>
    /// <param name="units">The size of the state and of each step's output.</param>
    /// <param name="activation">The activation; <c>tanh</c> by default.</param>
    /// <param name="use_bias">Whether the layer has a bias.</param>
    /// <param name="kernel_initializer">How the input kernel starts; <c>glorot_uniform</c> by default.</param>
    /// <param name="recurrent_initializer">How the recurrent kernel starts; <c>orthogonal</c> by default.</param>
    /// <param name="bias_initializer">How the bias starts; zeros by default.</param>
    /// <param name="kernel_constraint">A constraint on the kernel after each update.</param>
    /// <param name="recurrent_constraint">A constraint on the recurrent kernel after each update.</param>
    /// <param name="bias_constraint">A constraint on the bias after each update.</param>
    /// <param name="dropout">The fraction of the inputs dropped in training.</param>
    /// <param name="recurrent_dropout">The fraction of the recurrent state dropped in training.</param>
    /// <param name="return_sequences">Whether to return every step's output rather than the last.</param>
    /// <param name="return_state">Whether to return the final state after the output.</param>
    /// <param name="go_backwards">Whether to read the sequence from its end.</param>
    /// <param name="input_shape">(timesteps, features); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>simple_rnn_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public SimpleRNN(int units, string? activation = "tanh", bool use_bias = true, Initializer? kernel_initializer = null, Initializer? recurrent_initializer = null,
        Initializer? bias_initializer = null, Constraint? kernel_constraint = null, Constraint? recurrent_constraint = null, Constraint? bias_constraint = null,
        double dropout = 0, double recurrent_dropout = 0, bool return_sequences = false, bool return_state = false, bool go_backwards = false,
        Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(units, activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer, kernel_constraint, recurrent_constraint, bias_constraint,
            dropout, recurrent_dropout, return_sequences, return_state, go_backwards, input_shape, name, dtype)
    {
    }

    private protected override int Gates => 1;

    private protected override Tensor[] Step(Tensor xw, Tensor[] states, Tensor recurrent, Tensor[] recurrentGates, Tensor? bias, Tensor[]? masks)
    {
        var z = xw + RecurrentProjection(states[0], recurrent, recurrentGates, masks);
        if (bias is not null) z = z + bias;
        return new[] { Activate(Activation, z) };
    }

    /// <summary>libtorch's RNN is Keras's SimpleRNN with tanh or relu; its second bias stays zero.</summary>
    private protected override (string Kernel, Tensor[] Weights)? Fused(Tensor kernel, Tensor recurrent, Tensor? bias) =>
        Activation is "tanh" or "relu"
            ? ("rnn_" + Activation, new[] { kernel.t(), recurrent.t(), BiasOrZeros(bias, kernel), BiasOrZeros(null, kernel) })
            : null;

    private protected override void AddConfig(JsonObject config) => AddRecurrentConfig(config);

    internal static SimpleRNN FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        var a = ReadArguments(args);
        return new SimpleRNN(a.Units, a.Activation, a.UseBias, a.KernelInitializer, a.RecurrentInitializer, a.BiasInitializer, a.KernelConstraint,
            a.RecurrentConstraint, a.BiasConstraint, a.Dropout, a.RecurrentDropout, a.ReturnSequences, a.ReturnState, a.GoBackwards, inputShape, name);
    }
}
