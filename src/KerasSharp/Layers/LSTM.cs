using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>LSTM</c>, with its gates in Keras's order (input, forget, cell, output): i = r(x Wi + h Ui + bi),
/// f = r(x Wf + h Uf + bf), c = f c + i a(x Wc + h Uc + bc), o = r(x Wo + h Uo + bo), h = o a(c), where r is the
/// recurrent activation (Keras 2.2's default <c>hard_sigmoid</c>; tf.keras's and Keras 3's <c>sigmoid</c>, which their
/// files name) and a the activation. With unit_forget_bias the forget gate's bias starts at one. See <see cref="Recurrent"/>.
/// </summary>
public sealed class LSTM : Recurrent
{
    /// <summary>A long short-term memory layer.</summary>
    /// <param name="units">The size of the states and of each step's output.</param>
    /// <param name="activation">The activation of the cell candidate and the output; <c>tanh</c> by default.</param>
    /// <param name="recurrent_activation">The gates' activation; Keras 2.2's <c>hard_sigmoid</c> by default.</param>
    /// <param name="use_bias">Whether the layer has a bias.</param>
    /// <param name="kernel_initializer">How the input kernel starts; <c>glorot_uniform</c> by default.</param>
    /// <param name="recurrent_initializer">How the recurrent kernel starts; <c>orthogonal</c> by default.</param>
    /// <param name="bias_initializer">How the bias starts; zeros by default.</param>
    /// <param name="unit_forget_bias">Whether the forget gate's bias starts at one, as Keras recommends.</param>
    /// <param name="kernel_constraint">A constraint on the kernel after each update.</param>
    /// <param name="recurrent_constraint">A constraint on the recurrent kernel after each update.</param>
    /// <param name="bias_constraint">A constraint on the bias after each update.</param>
    /// <param name="dropout">The fraction of the inputs dropped in training.</param>
    /// <param name="recurrent_dropout">The fraction of the recurrent state dropped in training.</param>
    /// <param name="return_sequences">Whether to return every step's output rather than the last.</param>
    /// <param name="return_state">Whether to return the final states (h, c) after the output.</param>
    /// <param name="go_backwards">Whether to read the sequence from its end.</param>
    /// <param name="input_shape">(timesteps, features); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>lstm_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public LSTM(int units, string? activation = "tanh", string? recurrent_activation = "hard_sigmoid", bool use_bias = true, Initializer? kernel_initializer = null,
        Initializer? recurrent_initializer = null, Initializer? bias_initializer = null, bool unit_forget_bias = true, Constraint? kernel_constraint = null,
        Constraint? recurrent_constraint = null, Constraint? bias_constraint = null, double dropout = 0, double recurrent_dropout = 0,
        bool return_sequences = false, bool return_state = false, bool go_backwards = false, Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(units, activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer, kernel_constraint, recurrent_constraint, bias_constraint,
            dropout, recurrent_dropout, return_sequences, return_state, go_backwards, input_shape, name, dtype)
    {
        RecurrentActivation = Activations.Validate(recurrent_activation ?? "hard_sigmoid");
        UnitForgetBias = unit_forget_bias;
    }

    /// <summary>The gates' activation.</summary>
    public string RecurrentActivation { get; }

    /// <summary>Whether the forget gate's bias starts at one.</summary>
    public bool UnitForgetBias { get; }

    private protected override int Gates => 4;

    private protected override int States => 2;

    private protected override Initializer BiasStart => UnitForgetBias ? new ForgetGateOnes(BiasInitializer, Units) : BiasInitializer;

    private protected override Tensor[] Step(Tensor xw, Tensor[] states, Tensor recurrent, Tensor[] recurrentGates, Tensor? bias, Tensor[]? masks)
    {
        var z = xw + RecurrentProjection(states[0], recurrent, recurrentGates, masks);
        if (bias is not null) z = z + bias;
        // Gate by gate, not all at once: libtorch's float32 sigmoid rounds differently in the vectorised and scalar
        // parts of its loop, which a tensor's width decides, and a softmax would normalise across the gates.
        var i = Activate(RecurrentActivation, Gate(z, 0));
        var f = Activate(RecurrentActivation, Gate(z, 1));
        var c = f * states[1] + i * Activate(Activation, Gate(z, 2));
        var o = Activate(RecurrentActivation, Gate(z, 3));
        return new[] { o * Activate(Activation, c), c };
    }

    /// <summary>libtorch's LSTM has Keras's gate order and equations with sigmoid gates and tanh; its second bias stays zero.</summary>
    private protected override (string Kernel, Tensor[] Weights)? Fused(Tensor kernel, Tensor recurrent, Tensor? bias) =>
        RecurrentActivation == "sigmoid" && Activation == "tanh"
            ? ("lstm", new[] { kernel.t(), recurrent.t(), BiasOrZeros(bias, kernel), BiasOrZeros(null, kernel) })
            : null;

    private protected override void AddConfig(JsonObject config) => AddRecurrentConfig(config,
        c => c["recurrent_activation"] = RecurrentActivation, c => c["unit_forget_bias"] = UnitForgetBias, c => c["implementation"] = 1);

    internal static LSTM FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        string recurrentActivation = args.Activation("recurrent_activation", "hard_sigmoid");
        bool unitForgetBias = args.Bool("unit_forget_bias", true);
        var a = ReadArguments(args);
        return new LSTM(a.Units, a.Activation, recurrentActivation, a.UseBias, a.KernelInitializer, a.RecurrentInitializer, a.BiasInitializer, unitForgetBias,
            a.KernelConstraint, a.RecurrentConstraint, a.BiasConstraint, a.Dropout, a.RecurrentDropout, a.ReturnSequences, a.ReturnState, a.GoBackwards, inputShape, name);
    }

    /// <summary>Keras's unit_forget_bias: the bias initializer's values, with the forget gate's quarter set to one.</summary>
    private sealed class ForgetGateOnes(Initializer inner, int units) : Initializer
    {
        public override Tensor Generate(Shape shape, Generator? generator = null)
        {
            var values = inner.Generate(shape, generator);
            values.narrow(0, units, units).fill_(1);
            return values;
        }
    }
}
