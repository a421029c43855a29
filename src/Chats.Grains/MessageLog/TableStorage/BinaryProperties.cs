using System.Globalization;
using System.Text;

namespace Chats.MessageLog.TableStorage;

/// <summary>
/// The one encoding of binary table properties (read markers, reactions, deleted ordinals): values
/// written with <see cref="BinaryWriter"/> (little-endian numbers, length-prefixed UTF-8 strings),
/// split over properties <c>{name}0</c>, <c>{name}1</c>, … of 60 KiB, since an entity holds 1 MiB
/// but a property 64 KiB.
/// </summary>
internal static class BinaryProperties
{
    private const int ChunkBytes = 60 * 1024;
    private const int MaxChunks = 15;

    /// <summary>Writes <paramref name="items"/> with a count first, or nothing when there are none.</summary>
    public static void WriteList<T>(TableEntity entity, string name, IReadOnlyCollection<T> items, Action<BinaryWriter, T> write) =>
        WriteChunks(entity, name, Encode(items, write));

    /// <summary>Reads what <see cref="WriteList{T}"/> wrote; empty when the property is absent.</summary>
    public static List<T> ReadList<T>(TableEntity entity, string name, Func<BinaryReader, T> read) =>
        Decode(ReadChunks(entity, name), read);

    /// <summary>Writes <paramref name="bytes"/> as they are, over as many properties as they need.</summary>
    public static void WriteBytes(TableEntity entity, string name, byte[] bytes) => WriteChunks(entity, name, bytes);

    /// <summary>Reads what <see cref="WriteBytes"/> wrote; empty when the property is absent.</summary>
    public static byte[] ReadBytes(TableEntity entity, string name) => ReadChunks(entity, name);

    /// <summary>The bytes <see cref="WriteList{T}"/> would store.</summary>
    public static int SizeOf<T>(IReadOnlyCollection<T> items, Action<BinaryWriter, T> write) => Encode(items, write).Length;

    /// <summary>
    /// A list of longs in one property with no count (the header's deleted ordinals): the same
    /// little-endian longs <see cref="BinaryWriter"/> writes, read until the end.
    /// </summary>
    public static void WriteLongs(TableEntity entity, string name, IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        using var buffer = new MemoryStream(values.Count * sizeof(long));
        using (var writer = new BinaryWriter(buffer))
        {
            foreach (var value in values)
            {
                writer.Write(value);
            }
        }

        entity[name] = buffer.ToArray();
    }

    public static List<long> ReadLongs(TableEntity entity, string name)
    {
        var values = new List<long>();
        if (entity.GetBinary(name) is { } bytes)
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            for (var i = 0; i < bytes.Length / sizeof(long); i++)
            {
                values.Add(reader.ReadInt64());
            }
        }

        return values;
    }

    private static byte[] Encode<T>(IReadOnlyCollection<T> items, Action<BinaryWriter, T> write)
    {
        if (items.Count == 0)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(items.Count);
            foreach (var item in items)
            {
                write(writer, item);
            }
        }

        return buffer.ToArray();
    }

    private static List<T> Decode<T>(byte[] bytes, Func<BinaryReader, T> read)
    {
        if (bytes.Length == 0)
        {
            return [];
        }

        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var count = reader.ReadInt32();
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read(reader));
        }

        return items;
    }

    private static void WriteChunks(TableEntity entity, string name, byte[] bytes)
    {
        if (bytes.Length > MaxChunks * ChunkBytes)
        {
            throw new InvalidOperationException($"{name}: {bytes.Length} bytes, more than a table entity holds.");
        }

        for (int offset = 0, chunk = 0; offset < bytes.Length; offset += ChunkBytes, chunk++)
        {
            entity[name + chunk.ToString(CultureInfo.InvariantCulture)] = bytes.AsSpan(offset, Math.Min(ChunkBytes, bytes.Length - offset)).ToArray();
        }
    }

    private static byte[] ReadChunks(TableEntity entity, string name)
    {
        using var buffer = new MemoryStream();
        for (var chunk = 0; entity.GetBinary(name + chunk.ToString(CultureInfo.InvariantCulture)) is { } bytes; chunk++)
        {
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }
}
