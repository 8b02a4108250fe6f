using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>GRU</c>, gates in Keras's order (update z, reset r, candidate h): z = r(x Wz + h Uz + bz),
/// r = r(x Wr + h Ur + br), candidate = a(x Wh + (r h) Uh + bh), h = z h + (1 - z) candidate. With <c>reset_after</c>
/// (tf.keras's and Keras 3's default, CuDNN's form) the reset gate applies after the recurrent product, which then has a
/// bias of its own: candidate = a(x Wh + bh + r (h Uh + bh')), the bias (2, 3 x units), input biases first. Keras 2.2's
/// defaults: <c>hard_sigmoid</c> gates, reset_after false. See <see cref="Recurrent"/>.
/// </summary>
public sealed class GRU : Recurrent
{
    /// <summary>A gated recurrent unit layer.</summary>
    /// <param name="units">The size of the state and of each step's output.</param>
    /// <param name="activation">The candidate's activation; <c>tanh</c> by default.</param>
    /// <param name="recurrent_activation">The gates' activation; Keras 2.2's <c>hard_sigmoid</c> by default.</param>
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
    /// <param name="reset_after">Whether the reset gate applies after the recurrent product (with a recurrent bias of its own).</param>
    /// <param name="input_shape">(timesteps, features); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>gru_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public GRU(int units, string? activation = "tanh", string? recurrent_activation = "hard_sigmoid", bool use_bias = true, Initializer? kernel_initializer = null,
        Initializer? recurrent_initializer = null, Initializer? bias_initializer = null, Constraint? kernel_constraint = null, Constraint? recurrent_constraint = null,
        Constraint? bias_constraint = null, double dropout = 0, double recurrent_dropout = 0, bool return_sequences = false, bool return_state = false,
        bool go_backwards = false, bool reset_after = false, Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(units, activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer, kernel_constraint, recurrent_constraint, bias_constraint,
            dropout, recurrent_dropout, return_sequences, return_state, go_backwards, input_shape, name, dtype)
    {
        RecurrentActivation = Activations.Validate(recurrent_activation ?? "hard_sigmoid");
        ResetAfter = reset_after;
    }

    /// <summary>The gates' activation.</summary>
    public string RecurrentActivation { get; }

    /// <summary>Whether the reset gate applies after the recurrent product.</summary>
    public bool ResetAfter { get; }

    private protected override int Gates => 3;

    private protected override Shape BiasShape => ResetAfter ? new Shape(2, 3 * Units) : new Shape(3 * Units);

    private protected override Tensor[] Step(Tensor xw, Tensor[] states, Tensor recurrent, Tensor[] recurrentGates, Tensor? bias, Tensor[]? masks)
    {
        var h = states[0];
        var (inputBias, recurrentBias) = bias is null ? (null, null) : ResetAfter ? (bias[0], bias[1]) : (bias, null);
        if (inputBias is not null) xw = xw + inputBias;
        Tensor z, r, candidate;
        if (ResetAfter)
        {
            var inner = RecurrentProjection(h, recurrent, recurrentGates, masks);
            if (recurrentBias is not null) inner = inner + recurrentBias;
            // Gate by gate, for the LSTM step's reasons: one activation of both gates is not the same bits (sigmoid) or function (softmax).
            z = Activate(RecurrentActivation, Gate(xw, 0) + Gate(inner, 0));
            r = Activate(RecurrentActivation, Gate(xw, 1) + Gate(inner, 1));
            candidate = Activate(Activation, Gate(xw, 2) + r * Gate(inner, 2));
        }
        else
        {
            // The candidate's recurrent product needs r first, so the update and reset gates' products come alone.
            var hz = masks is null ? h : h * masks[0];
            var hr = masks is null ? h : h * masks[1];
            var hh = masks is null ? h : h * masks[2];
            z = Activate(RecurrentActivation, Gate(xw, 0) + MatrixProduct.Of(hz, recurrentGates[0]));
            r = Activate(RecurrentActivation, Gate(xw, 1) + MatrixProduct.Of(hr, recurrentGates[1]));
            candidate = Activate(Activation, Gate(xw, 2) + MatrixProduct.Of(r * hh, recurrentGates[2]));
        }
        return new[] { z * h + (1 - z) * candidate };
    }

    /// <summary>
    /// libtorch's GRU is Keras's with reset_after, sigmoid gates and tanh, its gates in the order (reset, update,
    /// candidate) and its two biases Keras's two rows.
    /// </summary>
    private protected override (string Kernel, Tensor[] Weights)? Fused(Tensor kernel, Tensor recurrent, Tensor? bias)
    {
        if (!ResetAfter || RecurrentActivation != "sigmoid" || Activation != "tanh") return null;
        Tensor TorchOrder(Tensor t) => cat(new[] { Gate(t, 1), Gate(t, 0), Gate(t, 2) }, -1);
        Tensor BiasRow(int row) => BiasOrZeros(bias is null ? null : TorchOrder(bias[row]), kernel);
        return ("gru", new[] { TorchOrder(kernel).t(), TorchOrder(recurrent).t(), BiasRow(0), BiasRow(1) });
    }

    private protected override void AddConfig(JsonObject config) => AddRecurrentConfig(config,
        c => c["recurrent_activation"] = RecurrentActivation, atEnd: c =>
        {
            c["implementation"] = 1;
            c["reset_after"] = ResetAfter;
        });

    internal static GRU FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        string recurrentActivation = args.Activation("recurrent_activation", "hard_sigmoid");
        bool resetAfter = args.Bool("reset_after", false);
        var a = ReadArguments(args);
        return new GRU(a.Units, a.Activation, recurrentActivation, a.UseBias, a.KernelInitializer, a.RecurrentInitializer, a.BiasInitializer, a.KernelConstraint,
            a.RecurrentConstraint, a.BiasConstraint, a.Dropout, a.RecurrentDropout, a.ReturnSequences, a.ReturnState, a.GoBackwards, resetAfter, inputShape, name);
    }
}
