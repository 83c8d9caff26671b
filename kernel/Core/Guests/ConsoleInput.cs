namespace Ringwall.Core.Guests
{
    // Console input: the bytes the VMM receives on its serial port, waiting in arrival
    // order for the one domain that owns the console (CONSOLEIO_read, VIRQ_CONSOLE).
    // Invariants:
    //  - at most Capacity bytes are held; a byte that arrives when the buffer is full is
    //    dropped and counted (older bytes are never overwritten, receiving never waits);
    //  - only the owner reads; a domain that is not the owner reads nothing;
    //  - Copy never hands out more than asked or than held, and hands out nothing
    //    until Consume says the copy to the guest succeeded (a failed copy loses nothing);
    //  - the owner is chosen once at boot: the first domain that claims the console
    //    (`console` in its module command line), else the default (the first domain
    //    built); when the owner goes away the buffer is emptied and later input is
    //    dropped and counted;
    //  - no allocation after construction.
    public sealed class ConsoleInput
    {
        public const uint NoOwner = 0xFFFFFFFF;
        public const int DefaultCapacity = 1024;

        private readonly byte[] ring;
        private int head;      // index of the oldest byte
        private int count;
        private uint owner = NoOwner;
        private bool claimed;

        // Bytes received (stored or not), and bytes dropped (buffer full or no owner).
        public ulong Received;
        public ulong Dropped;

        public ConsoleInput(int capacity)
        {
            ring = new byte[capacity < 1 ? 1 : capacity];
        }

        public int Capacity => ring.Length;
        public int Count => count;
        public uint Owner => owner;
        public bool HasOwner => owner != NoOwner;

        public bool Owns(uint domain) => owner != NoOwner && owner == domain;

        // A domain asked for the console (`console` option). The first claim wins; a
        // later one is refused (false) and changes nothing.
        public bool Claim(uint domain)
        {
            if (claimed || domain == NoOwner) return false;
            claimed = true;
            owner = domain;
            return true;
        }

        // After every domain is built: with no claim, `domain` (the first built) owns
        // the console. Does nothing when a domain claimed it.
        public void SetDefaultOwner(uint domain)
        {
            if (!claimed) owner = domain;
        }

        // The domain went away: if it owned the console, nobody does from now on and
        // what it had not read is discarded.
        public void Release(uint domain)
        {
            if (!Owns(domain)) return;
            owner = NoOwner;
            head = 0;
            count = 0;
        }

        // One byte from the serial port. True when it was stored for the owner; false
        // when it was dropped (no owner, or the buffer is full).
        public bool Receive(byte b)
        {
            Received++;
            if (owner == NoOwner || count == ring.Length)
            {
                Dropped++;
                return false;
            }
            int tail = head + count;
            if (tail >= ring.Length) tail -= ring.Length;
            ring[tail] = b;
            count++;
            return true;
        }

        // Copies up to `max` of the oldest bytes that `domain` may read into
        // destination[0..], without consuming them; returns how many (0 for a
        // non-owner, a negative max, or an empty buffer). Consume(n) takes them.
        public int Copy(uint domain, byte[] destination, int max)
        {
            if (!Owns(domain) || max <= 0) return 0;
            int n = count;
            if (n > max) n = max;
            if (n > destination.Length) n = destination.Length;
            int from = head;
            for (int i = 0; i < n; i++)
            {
                destination[i] = ring[from];
                from++;
                if (from == ring.Length) from = 0;
            }
            return n;
        }

        // Removes the `n` oldest bytes (after they reached the guest); n is clamped to
        // what is held.
        public void Consume(int n)
        {
            if (n <= 0) return;
            if (n > count) n = count;
            head += n;
            if (head >= ring.Length) head -= ring.Length;
            count -= n;
        }
    }
}
