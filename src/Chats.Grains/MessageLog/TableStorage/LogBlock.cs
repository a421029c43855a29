using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Chats.MessageLog.TableStorage;

/// <summary>
/// One block of a chat's log: the entries of <see cref="Seqs"/> consecutive seqs in one entity (row
/// <c>b{number:D19}</c>), so history costs one entity per block rather than one per message. An entry
/// is the row its message or event would have been (<see cref="MessageEntities"/>), its properties
/// packed with the block's own table of property names; one too large to share the block
/// (<see cref="MaxInlineBytes"/>) is stored as that row and the block keeps a stub in its place.
/// A block is rewritten whole with the log header, in the commit's transaction, compressed (Brotli):
/// the entity's size is what the store keeps, sends and saves.
/// </summary>
internal sealed class LogBlock
{
    /// <summary>Seqs per block: with <see cref="MaxInlineBytes"/>, a block stays under 300 KiB, well inside an entity's 1 MiB.</summary>
    public const int Seqs = 32;

    /// <summary>The largest packed entry kept in a block (a message of 4,096 ASCII chars with metadata fits).</summary>
    public const int MaxInlineBytes = 9 * 1024;

    // Format 1 (written by 2d0cc2f) stored the body as it is; format 2 stores its length, then the body compressed.
    private const byte Uncompressed = 1;
    private const byte Compressed = 2;
    private const int CompressionQuality = 3;
    private const int CompressionWindow = 22;
    private const int MaxBodyBytes = 16 * 1024 * 1024;
    private const string EntriesProperty = "Entries";

    private readonly List<string> _names;
    private readonly Dictionary<string, int> _nameIndex;
    private readonly SortedList<long, BlockEntry> _entries;

    private LogBlock(long number, List<string> names, SortedList<long, BlockEntry> entries)
    {
        Number = number;
        _names = names;
        _nameIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            _nameIndex[names[i]] = i;
        }

        _entries = entries;
    }

    public long Number { get; }

    /// <summary>The entries, oldest seq first.</summary>
    public IEnumerable<KeyValuePair<long, BlockEntry>> Entries => _entries;

    public static long NumberOf(long seq) => Math.Max(0, seq - 1) / Seqs;

    public static string RowKey(long number) => "b" + number.ToString("D19", CultureInfo.InvariantCulture);

    public static LogBlock Empty(long number) => new(number, [], []);

    public bool TryGet(long seq, out BlockEntry entry) => _entries.TryGetValue(seq, out entry);

    /// <summary>
    /// Puts <paramref name="row"/> (a message's or an event's row) at <paramref name="seq"/>. Returns
    /// false when it must be stored as the row itself: it is too large, or its seq already has a stub.
    /// </summary>
    public bool Put(long seq, bool isMessage, TableEntity row, long sentAtTicks)
    {
        if (_entries.TryGetValue(seq, out var existing) && existing.Packed is null)
        {
            return false;
        }

        var packed = Pack(row);
        if (packed.Length > MaxInlineBytes)
        {
            _entries[seq] = new BlockEntry(isMessage ? BlockEntryKind.MessageRow : BlockEntryKind.EventRow, sentAtTicks, null);
            return false;
        }

        _entries[seq] = new BlockEntry(isMessage ? BlockEntryKind.Message : BlockEntryKind.Event, sentAtTicks, packed);
        return true;
    }

    /// <summary>The row an inline entry stands for, keyed as it would have been stored.</summary>
    public TableEntity Unpack(BlockEntry entry, string partitionKey, string rowKey)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        using var reader = new BinaryReader(new MemoryStream(entry.Packed!), Encoding.UTF8);
        var count = reader.Read7BitEncodedInt();
        for (var i = 0; i < count; i++)
        {
            var name = _names[reader.Read7BitEncodedInt()];
            entity[name] = (ValueTag)reader.ReadByte() switch
            {
                ValueTag.String => reader.ReadString(),
                ValueTag.Int64 => reader.ReadInt64(),
                ValueTag.Int32 => reader.ReadInt32(),
                ValueTag.Boolean => reader.ReadBoolean(),
                ValueTag.Binary => reader.ReadBytes(reader.Read7BitEncodedInt()),
                var tag => throw new InvalidDataException($"Unknown value tag {tag} in a log block."),
            };
        }

        return entity;
    }

    /// <summary>The entity of block <paramref name="number"/> holding <paramref name="encoded"/> (what <see cref="Encode"/> returned).</summary>
    public static TableEntity ToEntity(string partitionKey, long number, byte[] encoded)
    {
        var entity = new TableEntity(partitionKey, RowKey(number));
        BinaryProperties.WriteBytes(entity, EntriesProperty, encoded);
        return entity;
    }

    public static LogBlock From(long number, TableEntity entity) =>
        Decode(number, BinaryProperties.ReadBytes(entity, EntriesProperty), $"{entity.PartitionKey}/{entity.RowKey}");

    /// <summary>The block's stored bytes: its body (names, then each entry: seq, kind, sent_at, packed row), compressed.</summary>
    public byte[] Encode()
    {
        var body = EncodeBody();
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
        if (!BrotliEncoder.TryCompress(body, compressed, out var written, CompressionQuality, CompressionWindow))
        {
            throw new InvalidOperationException("A log block did not compress into its buffer.");
        }

        using var stored = new MemoryStream(written + 6);
        using (var writer = new BinaryWriter(stored, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Compressed);
            writer.Write7BitEncodedInt(body.Length);
            writer.Write(compressed, 0, written);
        }

        return stored.ToArray();
    }

    public static LogBlock Decode(long number, byte[] bytes, string where = "a cached block")
    {
        var body = bytes.Length == 0 ? throw new InvalidDataException($"Log block {where} is empty.") : bytes[0] switch
        {
            Uncompressed => new MemoryStream(bytes, 1, bytes.Length - 1),
            Compressed => new MemoryStream(Decompress(bytes, where)),
            var version => throw new InvalidDataException($"Log block {where} has format {version}; this release reads {Uncompressed} and {Compressed}."),
        };
        using var reader = new BinaryReader(body, Encoding.UTF8);
        var names = new List<string>();
        for (var count = reader.Read7BitEncodedInt(); names.Count < count;)
        {
            names.Add(reader.ReadString());
        }

        var entries = new SortedList<long, BlockEntry>();
        for (var count = reader.Read7BitEncodedInt(); entries.Count < count;)
        {
            var seq = reader.ReadInt64();
            var kind = (BlockEntryKind)reader.ReadByte();
            var sentAt = reader.ReadInt64();
            var packed = kind is BlockEntryKind.Message or BlockEntryKind.Event ? reader.ReadBytes(reader.Read7BitEncodedInt()) : null;
            entries.Add(seq, new BlockEntry(kind, sentAt, packed));
        }

        return new LogBlock(number, names, entries);
    }

    private byte[] EncodeBody()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write7BitEncodedInt(_names.Count);
            foreach (var name in _names)
            {
                writer.Write(name);
            }

            writer.Write7BitEncodedInt(_entries.Count);
            foreach (var (seq, entry) in _entries)
            {
                writer.Write(seq);
                writer.Write((byte)entry.Kind);
                writer.Write(entry.SentAtTicks);
                if (entry.Packed is { } packed)
                {
                    writer.Write7BitEncodedInt(packed.Length);
                    writer.Write(packed);
                }
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Decompress(byte[] bytes, string where)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, 1, bytes.Length - 1));
        var length = reader.Read7BitEncodedInt();
        var body = new byte[length is >= 0 and <= MaxBodyBytes ? length : throw new InvalidDataException($"Log block {where} claims {length} bytes.")];
        if (!BrotliDecoder.TryDecompress(bytes.AsSpan(1 + (int)reader.BaseStream.Position), body, out var written) || written != length)
        {
            throw new InvalidDataException($"Log block {where} does not decompress to its {length} bytes.");
        }

        return body;
    }

    private byte[] Pack(TableEntity row)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            var properties = row.Where(pair => !IsSystemProperty(pair.Key) && pair.Value is not null).ToList();
            writer.Write7BitEncodedInt(properties.Count);
            foreach (var (name, value) in properties)
            {
                writer.Write7BitEncodedInt(NameIndex(name));
                switch (value)
                {
                    case string text:
                        writer.Write((byte)ValueTag.String);
                        writer.Write(text);
                        break;
                    case long number:
                        writer.Write((byte)ValueTag.Int64);
                        writer.Write(number);
                        break;
                    case int number:
                        writer.Write((byte)ValueTag.Int32);
                        writer.Write(number);
                        break;
                    case bool flag:
                        writer.Write((byte)ValueTag.Boolean);
                        writer.Write(flag);
                        break;
                    case byte[] bytes:
                        writer.Write((byte)ValueTag.Binary);
                        writer.Write7BitEncodedInt(bytes.Length);
                        writer.Write(bytes);
                        break;
                    default:
                        throw new NotSupportedException($"A log block cannot hold the {value.GetType().Name} property {name}.");
                }
            }
        }

        return buffer.ToArray();
    }

    private int NameIndex(string name)
    {
        if (!_nameIndex.TryGetValue(name, out var index))
        {
            index = _names.Count;
            _names.Add(name);
            _nameIndex[name] = index;
        }

        return index;
    }

    private static bool IsSystemProperty(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";

    private enum ValueTag : byte { String = 1, Int64 = 2, Int32 = 3, Boolean = 4, Binary = 5 }
}

/// <summary>What a block holds for one seq: a message or event packed, or a stub for one stored as its own row (with a message's sent_at).</summary>
internal readonly record struct BlockEntry(BlockEntryKind Kind, long SentAtTicks, byte[]? Packed)
{
    public bool IsMessage => Kind is BlockEntryKind.Message or BlockEntryKind.MessageRow;
}

internal enum BlockEntryKind : byte
{
    Message = 1,
    Event = 2,
    MessageRow = 3,
    EventRow = 4,
}
