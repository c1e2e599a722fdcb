package layout

import "reflect"

// reflectTag reads a struct tag found in source.
func reflectTag(tag string) reflect.StructTag { return reflect.StructTag(tag) }
