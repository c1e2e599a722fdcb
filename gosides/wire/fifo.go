package wire

import "structs"

// The records several writers send one reader through a named pipe;
// mirrors ctests/include/fifo.h.
const (
	FifoPath        = "/tmp/ipcconform.fifo" // FIFO_PATH
	FifoMagic       = 0x46494630             // FIFO_MAGIC: "FIF0"
	FifoRecordMax   = PIPE_BUF               // FIFO_RECORD_MAX: a write this long or less is atomic
	FifoHeaderBytes = 20                     // FIFO_HEADER_BYTES: FifoRecord on the wire
	FifoRecords     = 2000                   // FIFO_RECORDS: records a writer sends by default
	FifoMaxWriters  = 64                     // FIFO_MAX_WRITERS: writer ids are 1..FifoMaxWriters
	FifoFnvOffset   = 2166136261             // FIFO_FNV_OFFSET
	FifoFnvPrime    = 16777619               // FIFO_FNV_PRIME
)

// FifoRecord mirrors struct fifo_record, the header of every record. Every
// field is in network byte order: encode it with binary.BigEndian.
type FifoRecord struct {
	_        structs.HostLayout
	Magic    uint32 `wire:"net"`
	Writer   uint32 `wire:"net"`
	Seq      uint32 `wire:"net"`
	Length   uint32 `wire:"net"`
	Checksum uint32 `wire:"net"`
}

// FifoRecordLength is fifo_record_length: the length of a writer's record
// seq, every size from the header alone up to FifoRecordMax, and every
// seventh record exactly FifoRecordMax.
func FifoRecordLength(writer, seq uint32) uint32 {
	if seq%7 == 0 {
		return FifoRecordMax
	}
	const spread = FifoRecordMax - FifoHeaderBytes + 1
	return FifoHeaderBytes + (writer*2654435761+seq*40503)%spread
}

// FifoPayloadByte is fifo_payload_byte: byte i of the payload of a
// writer's record seq.
func FifoPayloadByte(writer, seq, i uint32) byte {
	return byte(writer*131 + seq*17 + i)
}

// FifoChecksum is fifo_checksum, FNV-1a over p.
func FifoChecksum(p []byte) uint32 {
	h := uint32(FifoFnvOffset)
	for _, b := range p {
		h ^= uint32(b)
		h *= FifoFnvPrime
	}
	return h
}
