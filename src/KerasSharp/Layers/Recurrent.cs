using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// What Keras's recurrent layers (<see cref="SimpleRNN"/>, <see cref="LSTM"/>, <see cref="GRU"/>) share, as Keras 2.2's
/// <c>RNN</c> runs their cells: a (timesteps, features) sequence read step by step (backwards with go_backwards, the
/// outputs then in that reversed order, as Keras returns them), the last output or every step's
/// (<c>return_sequences</c>), the final states too (<c>return_state</c>), initial states given as extra inputs, and
/// Keras's dropout: one mask per batch for the inputs and one for the recurrent state, per gate, as Keras 2.2's cells
/// (implementation 1) draw them. Weights keep Keras's layouts: kernel (features, gates x units), recurrent kernel
/// (units, gates x units), bias (gates x units), gates in Keras's order.
/// </summary>
public abstract class Recurrent : Layer
{
    private readonly Initializer _kernelInitializer, _recurrentInitializer, _biasInitializer;

    private protected Recurrent(int units, string? activation, bool use_bias, Initializer? kernel_initializer, Initializer? recurrent_initializer,
        Initializer? bias_initializer, Constraint? kernel_constraint, Constraint? recurrent_constraint, Constraint? bias_constraint,
        double dropout, double recurrent_dropout, bool return_sequences, bool return_state, bool go_backwards, Shape? input_shape, string? name, string? dtype)
        : base(name, input_shape, dtype)
    {
        if (units <= 0) throw new ArgumentException($"{GetType().Name} units must be positive; got {units}.");
        foreach (var (what, rate) in new[] { ("dropout", dropout), ("recurrent_dropout", recurrent_dropout) })
            if (rate is < 0 or >= 1 || double.IsNaN(rate)) throw new ArgumentException($"{what} must be in [0, 1); got {rate}.");
        Units = units;
        Activation = Activations.Validate(activation ?? "tanh");
        UseBias = use_bias;
        _kernelInitializer = kernel_initializer ?? new GlorotUniform();
        _recurrentInitializer = recurrent_initializer ?? new Orthogonal();
        _biasInitializer = bias_initializer ?? new Zeros();
        (KernelConstraint, RecurrentConstraint, BiasConstraint) = (kernel_constraint, recurrent_constraint, bias_constraint);
        (Dropout, RecurrentDropout) = (dropout, recurrent_dropout);
        (ReturnSequences, ReturnState, GoBackwards) = (return_sequences, return_state, go_backwards);
    }

    /// <summary>The size of the state and of each step's output.</summary>
    public int Units { get; }
    /// <summary>The activation of the candidate state and the output (<c>tanh</c> by default).</summary>
    public string Activation { get; }
    /// <summary>Whether the layer has a bias.</summary>
    public bool UseBias { get; }
    /// <summary>The fraction of the inputs dropped in training.</summary>
    public double Dropout { get; }
    /// <summary>The fraction of the recurrent state dropped in training.</summary>
    public double RecurrentDropout { get; }
    /// <summary>Whether every step's output is returned, (timesteps, units), or the last one, (units).</summary>
    public bool ReturnSequences { get; }
    /// <summary>Whether the final states are returned after the output.</summary>
    public bool ReturnState { get; }
    /// <summary>Whether the sequence is read from its end.</summary>
    public bool GoBackwards { get; }
    /// <summary>The kernel's constraint, if any.</summary>
    public Constraint? KernelConstraint { get; }
    /// <summary>The recurrent kernel's constraint, if any.</summary>
    public Constraint? RecurrentConstraint { get; }
    /// <summary>The bias's constraint, if any.</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>The initializer of the kernel.</summary>
    public Initializer KernelInitializer => _kernelInitializer;
    /// <summary>The initializer of the recurrent kernel.</summary>
    public Initializer RecurrentInitializer => _recurrentInitializer;
    /// <summary>The initializer of the bias.</summary>
    public Initializer BiasInitializer => _biasInitializer;

    /// <inheritdoc/>
    public override string? ActivationName => Activation;

    /// <summary>The number of gates a step computes at once: 1, 3 (GRU) or 4 (LSTM).</summary>
    private protected abstract int Gates { get; }

    /// <summary>The number of states: 1 (h), or 2 for the LSTM (h, c).</summary>
    private protected virtual int States => 1;

    /// <summary>The bias's shape in Keras's layout.</summary>
    private protected virtual Shape BiasShape => new(Gates * Units);

    /// <summary>The bias's first value; the LSTM's sets its forget gate to one.</summary>
    private protected virtual Initializer BiasStart => _biasInitializer;

    private protected Weight? Kernel { get; private set; }
    private protected Weight? RecurrentKernel { get; private set; }
    private protected Weight? Bias { get; private set; }

    /// <inheritdoc/>
    protected override IReadOnlyList<Shape> Build(IReadOnlyList<Shape> inputShapes, Device device)
    {
        var input = inputShapes[0];
        if (input.Rank != 2)
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) reads sequences (timesteps, features); it was applied to {input.ToBatchString()}.");
        if (inputShapes.Count != 1 && inputShapes.Count != 1 + States)
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes a sequence and, optionally, its {States} initial state(s); it was applied to {inputShapes.Count} tensors.");
        foreach (var state in inputShapes.Skip(1))
            if (!state.Equals(new Shape(Units)))
                throw new ArgumentException($"Layer '{Name}' ({GetType().Name}): an initial state must be ({Units}); got {state.ToBatchString()}.");
        Kernel = AddWeight("kernel", (input[1], Gates * Units), _kernelInitializer, device, constraint: KernelConstraint);
        RecurrentKernel = AddWeight("recurrent_kernel", (Units, Gates * Units), _recurrentInitializer, device, constraint: RecurrentConstraint);
        if (UseBias) Bias = AddWeight("bias", BiasShape, BiasStart, device, constraint: BiasConstraint);
        var output = ReturnSequences ? new Shape(input[0], Units) : new Shape(Units);
        return new[] { output }.Concat(ReturnState ? Enumerable.Repeat(new Shape(Units), States) : Array.Empty<Shape>()).ToList();
    }

    internal override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context) =>
        Run(inputs, inputs.Select(_ => (Tensor?)null).ToList(), context).Outputs;

    /// <summary>
    /// Runs the sequence; a mask (batch, timesteps) makes every masked step keep the states it found, its output being
    /// the previous output, as Keras's rnn does. The output's mask is the input's with return_sequences, else none.
    /// </summary>
    internal override (IReadOnlyList<Tensor> Outputs, IReadOnlyList<Tensor?> Masks) Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, CallContext context)
    {
        var x = inputs[0];
        var mask = masks[0];
        long batch = x.shape[0], steps = x.shape[1];
        var kernel = Computed(Kernel!, context);
        var recurrent = Computed(RecurrentKernel!, context);
        var bias = Bias is null ? null : Computed(Bias, context);
        var states = inputs.Count > 1
            ? inputs.Skip(1).Select(s => s.to(x.dtype)).ToArray()
            : Enumerable.Range(0, States).Select(_ => zeros(new[] { batch, (long)Units }, x.dtype, x.device)).ToArray();
        bool dropping = context.Training && Dropout > 0, recurrentDropping = context.Training && RecurrentDropout > 0;
        if (mask is null && !dropping && !recurrentDropping && steps > 0 && x.dtype == ScalarType.Float32 && Fused(kernel, recurrent, bias) is { } fused)
        {
            var (sequence, final) = FusedRecurrence.Run(fused.Kernel, GoBackwards ? x.flip(1) : x, states, fused.Weights);
            return Results(ReturnSequences ? sequence : final[0], final, mask);
        }
        var generator = dropping || recurrentDropping ? context.Random.For(x.device) : null;
        // Every step's input projections at once (N, T, gates x units); with dropout, each gate's from its own mask.
        Tensor projected;
        if (dropping)
        {
            var dropped = DropoutMasks(Dropout, batch, x.shape[2], x, generator!);
            projected = cat(Enumerable.Range(0, Gates).Select(g => MatrixProduct.Of(x * dropped[g].unsqueeze(1), kernel.narrow(1, g * Units, Units))).ToArray(), -1);
        }
        else projected = MatrixProduct.Of(x, kernel);
        var recurrentMasks = recurrentDropping ? DropoutMasks(RecurrentDropout, batch, Units, x, generator!) : null;
        var recurrentGates = Enumerable.Range(0, Gates).Select(g => Gate(recurrent, g)).ToArray();
        var outputs = new List<Tensor>();
        for (long i = 0; i < steps; i++)
        {
            long t = GoBackwards ? steps - 1 - i : i;
            var stepped = Step(projected[.., t], states, recurrent, recurrentGates, bias, recurrentMasks);
            if (mask is not null)
            {
                var kept = mask[.., t].unsqueeze(1);
                stepped = stepped.Select((s, k) => where(kept, s, states[k])).ToArray();
            }
            states = stepped;
            if (ReturnSequences) outputs.Add(states[0]);
        }
        return Results(ReturnSequences ? stack(outputs, 1) : states[0], states, mask);
    }

    /// <summary>The output, then the final states with return_state; the output keeps the input's mask with return_sequences.</summary>
    private (IReadOnlyList<Tensor> Outputs, IReadOnlyList<Tensor?> Masks) Results(Tensor output, Tensor[] states, Tensor? mask)
    {
        var results = new[] { output }.Concat(ReturnState ? states : Array.Empty<Tensor>()).ToList();
        return (results, results.Select((_, k) => k == 0 && ReturnSequences ? mask : null).ToList());
    }

    /// <summary>
    /// The libtorch kernel (see <see cref="FusedRecurrence"/>) whose step is exactly this layer's, and the weights in its
    /// layout (w_ih, w_hh, b_ih, b_hh); null where Keras's step is no libtorch kernel's, as with hard_sigmoid gates, and
    /// then the layer runs its own step loop. Masks, dropout and mixed precision take the loop too.
    /// </summary>
    private protected virtual (string Kernel, Tensor[] Weights)? Fused(Tensor kernel, Tensor recurrent, Tensor? bias) => null;

    /// <summary>A bias for the fused kernels, which always add one: the layer's, or zeros without one.</summary>
    private protected Tensor BiasOrZeros(Tensor? bias, Tensor like) => bias ?? zeros(Gates * Units, like.dtype, like.device);

    /// <summary>
    /// One step: the states after this step's input projection <paramref name="xw"/> (N, gates x units, bias not added),
    /// the first being the step's output. <paramref name="recurrentGates"/> are <paramref name="recurrent"/>'s gates'
    /// columns, taken once per sequence rather than at every step. <paramref name="masks"/> are the recurrent dropout
    /// masks, one per gate, or null.
    /// </summary>
    private protected abstract Tensor[] Step(Tensor xw, Tensor[] states, Tensor recurrent, Tensor[] recurrentGates, Tensor? bias, Tensor[]? masks);

    /// <summary>A gate's columns of a (N, gates x units) projection.</summary>
    private protected Tensor Gate(Tensor projection, int gate) => projection.narrow(-1, gate * Units, Units);

    /// <summary>
    /// A named activation inside the step, in the step's dtype: a bfloat16 softmax comes back in float32 (as a model's
    /// output should), and a float32 state would meet the bfloat16 recurrent kernel in the next step's product.
    /// </summary>
    private protected static Tensor Activate(string name, Tensor x) => Activations.Apply(name, x) is var y && y.dtype != x.dtype ? y.to(x.dtype) : y;

    /// <summary>The recurrent projection h U of every gate at once, or gate by gate (U's gates' columns) with each gate's dropout mask.</summary>
    private protected Tensor RecurrentProjection(Tensor h, Tensor recurrent, Tensor[] recurrentGates, Tensor[]? masks) => masks is null
        ? MatrixProduct.Of(h, recurrent)
        : cat(Enumerable.Range(0, Gates).Select(g => MatrixProduct.Of(h * masks[g], recurrentGates[g])).ToArray(), -1);

    /// <summary>Keras's dropout masks for a batch: one per gate, each kept value scaled by 1 / (1 - rate).</summary>
    private Tensor[] DropoutMasks(double rate, long batch, long width, Tensor like, Generator generator) =>
        Enumerable.Range(0, Gates).Select(_ => DropoutMask.Bernoulli(empty(new[] { batch, width }, like.dtype, like.device), rate, generator)).ToArray();

    /// <summary>The arguments every recurrent layer shares, in Keras 2.2's order, with the layer's own where Keras puts them.</summary>
    private protected void AddRecurrentConfig(JsonObject config, Action<JsonObject>? afterActivation = null, Action<JsonObject>? afterInitializers = null,
        Action<JsonObject>? atEnd = null)
    {
        config["return_sequences"] = ReturnSequences;
        config["return_state"] = ReturnState;
        config["go_backwards"] = GoBackwards;
        config["stateful"] = false;
        config["unroll"] = false;
        config["units"] = Units;
        config["activation"] = Activation;
        afterActivation?.Invoke(config);
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = _kernelInitializer.GetConfig();
        config["recurrent_initializer"] = _recurrentInitializer.GetConfig();
        config["bias_initializer"] = _biasInitializer.GetConfig();
        afterInitializers?.Invoke(config);
        config["kernel_regularizer"] = null;
        config["recurrent_regularizer"] = null;
        config["bias_regularizer"] = null;
        config["activity_regularizer"] = null;
        config["kernel_constraint"] = KernelConstraint?.GetConfig();
        config["recurrent_constraint"] = RecurrentConstraint?.GetConfig();
        config["bias_constraint"] = BiasConstraint?.GetConfig();
        config["dropout"] = Dropout;
        config["recurrent_dropout"] = RecurrentDropout;
        atEnd?.Invoke(config);
    }

    /// <summary>A recurrent layer's shared arguments read from a config, as the layer's constructor takes them.</summary>
    private protected sealed record Arguments(int Units, string Activation, bool UseBias, Initializer? KernelInitializer, Initializer? RecurrentInitializer,
        Initializer? BiasInitializer, Constraint? KernelConstraint, Constraint? RecurrentConstraint, Constraint? BiasConstraint,
        double Dropout, double RecurrentDropout, bool ReturnSequences, bool ReturnState, bool GoBackwards);

    /// <summary>Reads the arguments every recurrent layer shares; those with no counterpart here must have Keras's defaults.</summary>
    private protected static Arguments ReadArguments(Saving.LayerArguments args)
    {
        args.Optional("stateful", v => v is JsonValue s && s.TryGetValue<bool>(out bool b) && !b ? null : "stateful recurrent layers are not supported");
        args.Optional("time_major", v => v is JsonValue s && s.TryGetValue<bool>(out bool b) && !b ? null : "time_major is not supported");
        // unroll and implementation change how TensorFlow builds the graph, not the numbers; use_cudnn only which kernel runs.
        args.Optional("unroll", v => v is JsonValue s && s.TryGetValue<bool>(out _) ? null : $"{v.ToJsonString()} is not a boolean");
        args.Optional("implementation", v => v is JsonValue s && s.TryGetValue<int>(out int n) && n is 0 or 1 or 2 ? null : $"implementation {v.ToJsonString()} is not 1 or 2");
        args.Optional("use_cudnn", _ => null);
        args.Optional("seed", _ => "a per-layer seed is not supported (Util.SetRandomSeed seeds every layer)");
        args.Optional("zero_output_for_mask", _ => null);
        var read = new Arguments(args.Int("units"), args.Activation(fallback: "tanh"), args.Bool("use_bias", true), args.Initializer("kernel_initializer"),
            args.Initializer("recurrent_initializer"), args.Initializer("bias_initializer"), args.Constraint("kernel_constraint"),
            args.Constraint("recurrent_constraint"), args.Constraint("bias_constraint"), args.Double("dropout", 0), args.Double("recurrent_dropout", 0),
            args.Bool("return_sequences", false), args.Bool("return_state", false), args.Bool("go_backwards", false));
        args.NoRegularizers("kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer");
        return read;
    }
}
