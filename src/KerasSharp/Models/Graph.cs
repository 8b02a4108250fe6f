using Keras.Layers;

namespace Keras.Models;

/// <summary>
/// The graph between a model's inputs and outputs, traced as Keras 2.2's <c>Network._init_graph_network</c> traces it:
/// a depth-first walk back from each output numbers the layers in the order it meets them; a node's depth is the
/// longest path from it to an output; layers are listed deepest first and, within a depth, in walk order (Keras's
/// <c>model.layers</c>, which decides the order of weights in files); nodes run deepest first.
/// </summary>
internal sealed class Graph
{
    private Graph(IReadOnlyList<Node> nodes, IReadOnlyList<Layer> layers, IReadOnlyDictionary<Node, int> depths)
    {
        Nodes = nodes;
        Layers = layers;
        Depths = depths;
    }

    /// <summary>Each call's depth: the longest path from it to an output.</summary>
    public IReadOnlyDictionary<Node, int> Depths { get; }

    /// <summary>Every call in the graph, in an order that computes each input before it is used.</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Every layer, as Keras's <c>model.layers</c> lists them (input layers included).</summary>
    public IReadOnlyList<Layer> Layers { get; }

    public static Graph Trace(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        foreach (var input in inputs)
            if (input.Layer is not InputLayer)
                throw new ArgumentException($"A model's inputs must be Input tensors; {input} was made by layer '{input.Layer.Name}' ({input.Layer.GetType().Name}).");
        if (inputs.Distinct().Count() != inputs.Count) throw new ArgumentException("The same Input is given twice among the model's inputs.");

        var layerIndices = new Dictionary<Layer, int>();
        var finished = new HashSet<Node>();
        var inProgress = new HashSet<Node>();
        var decreasingDepth = new List<Node>();
        void Visit(Node node)
        {
            if (inProgress.Contains(node))
                throw new ArgumentException($"The graph has a cycle through layer '{node.Layer.Name}'.");
            if (finished.Contains(node)) return;
            layerIndices.TryAdd(node.Layer, layerIndices.Count);
            inProgress.Add(node);
            foreach (var x in node.Inputs) Visit(x.Node);
            finished.Add(node);
            inProgress.Remove(node);
            decreasingDepth.Add(node);
        }
        foreach (var output in outputs) Visit(output.Node);

        var nodeDepths = new Dictionary<Node, int>();
        var layerDepths = new Dictionary<Layer, int>();
        for (int i = decreasingDepth.Count - 1; i >= 0; i--)
        {
            var node = decreasingDepth[i];
            int depth = nodeDepths.TryGetValue(node, out int d) ? d : 0;
            depth = Math.Max(depth, layerDepths.TryGetValue(node.Layer, out int previous) ? previous : 0);
            layerDepths[node.Layer] = depth;
            nodeDepths[node] = depth;
            foreach (var x in node.Inputs)
                nodeDepths[x.Node] = Math.Max(depth + 1, nodeDepths.TryGetValue(x.Node, out int inbound) ? inbound : 0);
        }

        var nodes = nodeDepths.GroupBy(p => p.Value).OrderByDescending(g => g.Key).SelectMany(g => g.Select(p => p.Key)).ToList();
        var layers = layerDepths.GroupBy(p => p.Value).OrderByDescending(g => g.Key)
            .SelectMany(g => g.Select(p => p.Key).OrderBy(l => layerIndices[l])).ToList();

        // Every value the outputs need must come from the inputs given (Keras's "Graph disconnected").
        var computable = new HashSet<KerasTensor>(inputs);
        var done = new List<string>();
        foreach (var node in nodes)
        {
            var missing = node.Layer is InputLayer ? node.Outputs.FirstOrDefault(o => !computable.Contains(o)) : node.Inputs.FirstOrDefault(x => !computable.Contains(x));
            if (missing is not null)
                throw new ArgumentException($"Graph disconnected: cannot obtain value for tensor {missing} at layer \"{node.Layer.Name}\". " +
                                            $"The following previous layers were accessed without issue: [{string.Join(", ", done.Select(n => $"'{n}'"))}]. " +
                                            "Give the model every Input its outputs depend on.");
            foreach (var o in node.Outputs) computable.Add(o);
            if (!done.Contains(node.Layer.Name)) done.Add(node.Layer.Name);
        }

        var duplicate = layers.GroupBy(l => l.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"The name \"{duplicate.Key}\" is used {duplicate.Count()} times in the model. All layer names should be unique.");
        return new Graph(nodes, layers, nodeDepths);
    }
}
