namespace Keras.Layers;

/// <summary>
/// What a forward pass hands down to every layer it calls, instead of thread-wide state: whether it trains (dropout
/// and batch statistics), the random numbers of the model it runs (dropout masks), and, for a prediction or
/// evaluation pass or a training step, the weights in bfloat16 (<see cref="ComputeCasts"/>).
/// </summary>
internal sealed class CallContext(bool training, RandomState random, ComputeCasts? casts = null)
{
    /// <summary>Whether the pass trains: dropout drops and batch normalisation uses the batch's statistics.</summary>
    public bool Training => training;

    /// <summary>The random numbers of the model the pass runs.</summary>
    public RandomState Random => random;

    /// <summary>The weights in the compute type for the pass or step, or null when every call casts afresh.</summary>
    public ComputeCasts? Casts => casts;
}
