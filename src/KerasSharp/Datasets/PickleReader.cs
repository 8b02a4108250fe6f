using System.Buffers.Binary;
using System.Text;

namespace Keras.Datasets;

/// <summary>
/// A focused reader for the Python pickles that hold Keras datasets (CIFAR batches): protocols 0-4,
/// dicts, lists, tuples, strings, bytes, ints, floats, and NumPy arrays rebuilt from
/// <c>numpy.core.multiarray._reconstruct</c>. Anything else (arbitrary classes, code) is refused, so a
/// hostile pickle cannot run anything: unpickling here only ever builds plain data.
/// </summary>
internal sealed class PickleReader
{
    /// <summary>A NumPy array from a pickle: shape, dtype string (<c>|u1</c>, <c>&lt;i8</c>) and raw C-order bytes.</summary>
    public sealed record NdArray(long[] Shape, string Dtype, byte[] Data);

    /// <summary>A NumPy object array from a pickle (dtype <c>O</c>), as Keras's text datasets hold their reviews: its items, plain data.</summary>
    public sealed record ObjectArray(long[] Shape, IReadOnlyList<object?> Items);

    private sealed record Global(string Module, string Name);
    private sealed record DType(string Kind) { public char ByteOrder { get; set; } = '|'; }
    private sealed class Mark { public static readonly Mark Instance = new(); }
    private sealed class PartialArray { public object? Array { get; set; } }

    private readonly BinaryReader _in;
    private readonly string _source;
    private readonly List<object?> _stack = new();
    private readonly Dictionary<long, object?> _memo = new();

    private PickleReader(Stream stream, string source)
    {
        _in = new BinaryReader(stream, Encoding.Latin1, leaveOpen: true);
        _source = source;
    }

    /// <summary>Reads one pickled object: dictionaries become <c>Dictionary&lt;object, object?&gt;</c> with string keys.</summary>
    public static object? Load(Stream stream, string source)
    {
        var reader = new PickleReader(stream, source);
        try
        {
            return reader.Run();
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{source}: the pickle ends early; the file is truncated.");
        }
        catch (Exception e) when (e is InvalidCastException or IndexOutOfRangeException or ArgumentException or OverflowException
                                      or FormatException or NullReferenceException or DecoderFallbackException)
        {
            // Opcodes in an order no pickler writes: a value of the wrong kind where another was due.
            throw new InvalidDataException($"{source}: the pickle is damaged near byte {reader.Offset} (an opcode met a value it cannot take).", e);
        }
    }

    /// <summary>Where the reader is in the stream, for error messages; -1 where the stream cannot tell.</summary>
    private long Offset => _in.BaseStream.CanSeek ? _in.BaseStream.Position : -1;

    /// <summary>The deepest stack a pickle may build: Python's pickler batches items by 1,000, so real files stay far below.</summary>
    private const int MaxStack = 1_000_000;

    private object? Run()
    {
        while (true)
        {
            byte op = _in.ReadByte();
            switch (op)
            {
                case 0x80: _in.ReadByte(); break; // PROTO
                case 0x95: _in.ReadInt64(); break; // FRAME
                case (byte)'.': return Pop(); // STOP
                case (byte)'(': Push(Mark.Instance); break;
                case (byte)'}': Push(new Dictionary<object, object?>()); break;
                case (byte)']': Push(new List<object?>()); break;
                case (byte)')': Push(Array.Empty<object?>()); break;
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'J': Push((long)_in.ReadInt32()); break;
                case (byte)'K': Push((long)_in.ReadByte()); break;
                case (byte)'M': Push((long)_in.ReadUInt16()); break;
                case 0x8a: Push(ReadLong(_in.ReadByte())); break; // LONG1
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(_in.ReadBytes(8))); break;
                case (byte)'T': Push(ReadExactly(_in.ReadInt32())); break; // BINSTRING (Python 2 str: raw bytes)
                case (byte)'U': Push(ReadExactly(_in.ReadByte())); break; // SHORT_BINSTRING
                case (byte)'B': Push(ReadExactly(_in.ReadInt32())); break; // BINBYTES
                case (byte)'C': Push(ReadExactly(_in.ReadByte())); break; // SHORT_BINBYTES
                case 0x8e: Push(ReadExactly(_in.ReadInt64())); break; // BINBYTES8
                case (byte)'X': Push(Encoding.UTF8.GetString(ReadExactly(_in.ReadInt32()))); break;
                case 0x8c: Push(Encoding.UTF8.GetString(ReadExactly(_in.ReadByte()))); break; // SHORT_BINUNICODE
                case 0x8d: Push(Encoding.UTF8.GetString(ReadExactly(_in.ReadInt64()))); break; // BINUNICODE8
                case (byte)'q': _memo[_in.ReadByte()] = Peek(); break; // BINPUT
                case (byte)'r': _memo[_in.ReadUInt32()] = Peek(); break; // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(); break; // MEMOIZE
                case (byte)'h': Push(Memo(_in.ReadByte())); break; // BINGET
                case (byte)'j': Push(Memo(_in.ReadUInt32())); break; // LONG_BINGET
                case 0x85: Push(new[] { Pop() }); break; // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; }
                case (byte)'t': Push(PopToMark().ToArray()); break; // TUPLE
                case (byte)'a': { var v = Pop(); ListAt().Add(v); break; } // APPEND
                case (byte)'e': { var items = PopToMark(); ListAt().AddRange(items); break; } // APPENDS
                case (byte)'s': { var v = Pop(); var k = Pop(); DictAt()[Key(k)] = v; break; } // SETITEM
                case (byte)'u': // SETITEMS
                    {
                        var items = PopToMark();
                        var dict = DictAt();
                        for (int i = 0; i + 1 < items.Count; i += 2) dict[Key(items[i])] = items[i + 1];
                        break;
                    }
                case (byte)'c': Push(new Global(ReadLine(), ReadLine())); break; // GLOBAL
                case 0x93: { var name = (string)Pop()!; var module = (string)Pop()!; Push(new Global(module, name)); break; } // STACK_GLOBAL
                case (byte)'R': { var args = (object?[])Pop()!; var callable = Pop(); Push(Reduce(callable, args)); break; } // REDUCE
                case 0x81: { var args = (object?[])Pop()!; var cls = Pop(); Push(Reduce(cls, args)); break; } // NEWOBJ
                case (byte)'b': { var state = Pop(); Build(Peek(), state); break; } // BUILD
                default:
                    throw new InvalidDataException($"{_source}: unsupported pickle opcode 0x{op:x2}; only plain data and NumPy arrays are read.");
            }
        }
    }

    private object? Reduce(object? callable, object?[] args)
    {
        if (callable is not Global g) throw Unsupported("a call of a non-global");
        switch (g.Module, g.Name)
        {
            case ("_codecs", "encode"):
                // Python 3 writes bytes under protocol 2 as _codecs.encode(text, 'latin1').
                return Encoding.Latin1.GetBytes((string)args[0]!);
            case ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct"):
                return new PartialArray();
            case ("numpy", "dtype"):
                return new DType(args[0] as string ?? Encoding.ASCII.GetString((byte[])args[0]!));
            default:
                throw Unsupported($"{g.Module}.{g.Name}");
        }
    }

    private void Build(object? target, object? state)
    {
        switch (target)
        {
            case DType type when state is object?[] s && s.Length > 1 && (s[1] is string or byte[]):
                // Python 3 writes the byte-order character as str, Python 2 as a byte string.
                type.ByteOrder = s[1] is string text ? text[0] : (char)((byte[])s[1]!)[0];
                break;
            case PartialArray array when state is object?[] s && s.Length == 5:
                var shape = s[1] is object?[] dims && dims.All(d => d is long and >= 0)
                    ? dims.Select(d => (long)d!).ToArray()
                    : throw new InvalidDataException($"{_source}: an array's shape is not a tuple of non-negative integers.");
                var dtype = (DType)s[2]!;
                if (s[3] is true) throw new InvalidDataException($"{_source}: Fortran-ordered arrays are not supported.");
                if (dtype.Kind.StartsWith('O'))
                {
                    var items = s[4] as List<object?> ?? throw new InvalidDataException($"{_source}: an object array's items are not a list.");
                    if (shape.Aggregate(1L, (a, b) => a * b) != items.Count)
                        throw new InvalidDataException($"{_source}: an object array of shape ({string.Join(", ", shape)}) holds {items.Count} items.");
                    array.Array = new ObjectArray(shape, items);
                    break;
                }
                byte[] data = s[4] as byte[] ?? throw new InvalidDataException($"{_source}: array data is not a byte string.");
                string descr = (dtype.ByteOrder == '=' ? (BitConverter.IsLittleEndian ? '<' : '>') : dtype.ByteOrder) + NumpyDtype.Short(dtype.Kind);
                long expected = NumpyDtype.ByteCount(shape, descr, _source);
                if (data.Length != expected)
                    throw new InvalidDataException($"{_source}: array of shape ({string.Join(", ", shape)}) needs {expected} bytes but holds {data.Length}.");
                array.Array = new NdArray(shape, descr, data);
                break;
            default:
                throw Unsupported("BUILD on " + (target?.GetType().Name ?? "None"));
        }
    }

    private static object Key(object? key) => key switch
    {
        string s => s,
        byte[] b => Encoding.Latin1.GetString(b),
        long l => l,
        _ => throw new InvalidDataException("Unsupported dictionary key type in pickle."),
    };

    private InvalidDataException Unsupported(string what) =>
        new($"{_source}: the pickle asks for {what}, which this reader does not allow; only plain data and NumPy arrays are read.");

    /// <summary>A declared number of bytes, checked against what the stream still holds before anything is allocated.</summary>
    private byte[] ReadExactly(long count)
    {
        if (count < 0) throw new InvalidDataException($"{_source}: negative length in pickle.");
        long left = _in.BaseStream.CanSeek ? _in.BaseStream.Length - _in.BaseStream.Position : Array.MaxLength;
        if (count > left || count > Array.MaxLength)
            throw new InvalidDataException($"{_source}: the pickle declares a string of {count} bytes near byte {Offset}, but only {Math.Min(left, Array.MaxLength)} remain; the file is truncated or damaged.");
        byte[] b = _in.ReadBytes((int)count);
        if (b.Length != count) throw new EndOfStreamException();
        return b;
    }

    private string ReadLine()
    {
        var sb = new StringBuilder();
        for (char c = (char)_in.ReadByte(); c != '\n'; c = (char)_in.ReadByte())
        {
            if (sb.Length >= 1024) throw new InvalidDataException($"{_source}: a pickle name runs past 1024 characters near byte {Offset}.");
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>LONG1: a little-endian two's-complement integer of n bytes.</summary>
    private long ReadLong(int n)
    {
        if (n > 8) throw new InvalidDataException($"{_source}: integer of {n} bytes is too large.");
        return (long)new System.Numerics.BigInteger(ReadExactly(n), isUnsigned: false, isBigEndian: false);
    }

    private object? Memo(long key) => _memo.TryGetValue(key, out var v) ? Unwrap(v) : throw new InvalidDataException($"{_source}: memo key {key} is missing.");

    private void Push(object? o)
    {
        if (_stack.Count >= MaxStack) throw new InvalidDataException($"{_source}: the pickle piles up more than {MaxStack} values near byte {Offset}; no dataset pickle does.");
        _stack.Add(o);
    }

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw new InvalidDataException($"{_source}: the pickle's stack is empty.");

    private object? Pop()
    {
        var o = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return Unwrap(o);
    }

    private static object? Unwrap(object? o) => o is PartialArray p && p.Array is not null ? p.Array : o;

    private List<object?> PopToMark()
    {
        int mark = _stack.FindLastIndex(o => ReferenceEquals(o, Mark.Instance));
        if (mark < 0) throw new InvalidDataException($"{_source}: the pickle has no mark where one is needed.");
        var items = _stack.Skip(mark + 1).Select(Unwrap).ToList();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private List<object?> ListAt() => Peek() as List<object?> ?? throw new InvalidDataException($"{_source}: APPEND outside a list.");

    private Dictionary<object, object?> DictAt() => Peek() as Dictionary<object, object?> ?? throw new InvalidDataException($"{_source}: SETITEM outside a dict.");
}
