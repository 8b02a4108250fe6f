namespace Keras.Layers;

/// <summary>
/// One call of a layer in a functional graph, as Keras's <c>Node</c>: the symbolic tensors it took and those it made. A
/// layer called twice (a shared layer) has two nodes and one set of weights.
/// </summary>
internal sealed class Node
{
    public Node(Layer layer, IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        Layer = layer;
        Inputs = inputs;
        Outputs = outputs;
        IndexInLayer = layer.InboundNodes.Count;
        for (int i = 0; i < outputs.Count; i++) (outputs[i].Node, outputs[i].Index) = (this, i);
        layer.InboundNodes.Add(this);
    }

    /// <summary>The layer called.</summary>
    public Layer Layer { get; }

    /// <summary>The tensors it was called on.</summary>
    public IReadOnlyList<KerasTensor> Inputs { get; }

    /// <summary>The tensors the call made.</summary>
    public IReadOnlyList<KerasTensor> Outputs { get; }

    /// <summary>Which call of its layer this is (Keras's node index, the first number of <c>dense_1[0][0]</c>).</summary>
    public int IndexInLayer { get; }
}
