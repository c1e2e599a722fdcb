package wire

import "structs"

// ShmStructKey is SHM_STRUCT_KEY (shm_struct.h): document 000's KEY.
const ShmStructKey = 1234

// ShmStructNameSize is SHM_STRUCT_NAME_SIZE: the capacity of
// SomeDataStructure.Name, NUL included.
const ShmStructNameSize = 16

// SomeDataStructure mirrors document 000's struct some_data_structure
// (shm_struct.h): 56 bytes on every architecture.
type SomeDataStructure struct {
	_           structs.HostLayout
	Id          int64
	Counter     uint64
	Value       float64
	Temperature int32
	Flags       uint32
	Delta       int16
	Port        uint16
	Level       int8
	State       uint8
	_           [2]byte
	Name        [ShmStructNameSize]byte
}
