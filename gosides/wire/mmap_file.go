package wire

import "fmt"

// The mapped file of documents 000 and 001; mirrors
// ctests/include/mmap_file.h, which describes the file's lines.
const (
	MmapFilePath       = "mmap_file.dat" // MMAP_FILE_PATH
	MmapFileRecords    = 8               // MMAP_FILE_RECORDS
	MmapFileMaxRecords = 99999           // MMAP_FILE_MAX_RECORDS
	MmapFileHeaderSize = 32              // MMAP_FILE_HEADER_SIZE
	MmapFileRecordSize = 32              // MMAP_FILE_RECORD_SIZE
	MmapFileAckOffset  = 30              // MMAP_FILE_ACK_OFFSET
	MmapFileAckWaiting = 'n'             // MMAP_FILE_ACK_WAITING
	MmapFileAckDone    = 'y'             // MMAP_FILE_ACK_DONE
)

// MmapFileSize is MMAP_FILE_SIZE(n): the bytes of a file of n records.
func MmapFileSize(n int) int64 {
	return MmapFileHeaderSize + int64(n)*MmapFileRecordSize
}

// MmapFileSum is mmap_file_sum(i): the 56-bit value record i carries.
func MmapFileSum(i uint32) uint64 {
	return (uint64(i) * 0x9e3779b97f4a7c15) >> 8
}

// MmapFileHeader is mmap_file_header: the header line of a file of n
// records with ack byte ack.
func MmapFileHeader(n uint32, ack byte) []byte {
	return fmt.Appendf(nil, "mmap_file: %05d records; ack %c\n", n, ack)
}

// MmapFileRecord is mmap_file_record: the line of record i.
func MmapFileRecord(i uint32) []byte {
	return fmt.Appendf(nil, "record %05d sum %014x\n", i, MmapFileSum(i))
}
