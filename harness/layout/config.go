package layout

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// DefaultSystem is the Go package that mirrors a probe's IPCC_CONST
// constants, under their C names, unless a Config names another.
const DefaultSystem = "golang.org/x/sys/unix"

// A Config says what one layout check compares: which C headers are the
// truth, how they are compiled, which Go package mirrors them and how a C
// name becomes a Go one. Paths are relative to Root; import paths may be in
// any module that Root's go.mod reaches. It is written in JSON as the tags
// say (the "layout" list of ipcconform.json); the zero value of every
// optional field is useful.
type Config struct {
	// Name is what reports and subtests call the check, such as "wire".
	Name string `json:"name"`
	// Root is the folder the paths are relative to, inside a Go module
	// (Root's go.mod is the one whose packages the Go probe sees). The
	// harness sets it to the folder of the configuration file; "" is the
	// current directory.
	Root string `json:"-"`

	// Headers are files or globs whose tagged structs and object-like
	// macros with a value are the truth: each must have a Go mirror.
	// Default: none (a check of Probe alone).
	Headers []string `json:"headers,omitempty"`
	// Include are the -I folders for compiling the headers and the probe.
	// "{triple}" in a folder is replaced by the architecture's Debian
	// triple ("s390x-linux-gnu"), for per-architecture system headers.
	Include []string `json:"include,omitempty"`
	// CFlags are added to the C compiler's flags after the check's own
	// ("-std=gnu17 -g -O0 -c"), so they may override the language level
	// or take away the system headers (-nostdinc). Default: none.
	CFlags []string `json:"cflags,omitempty"`
	// Probe is a C file included after the headers, whose lines
	// IPCC_STRUCT(tag), IPCC_CONST(NAME) and IPCC_TYPE(GoName, ctype) add
	// system structs, constants and integer types to the comparison; the
	// check defines the three macros. Default: none.
	Probe string `json:"probe,omitempty"`
	// ProbeSource, when not "", is the probe's text itself, for
	// configurations built into a program; it replaces Probe.
	ProbeSource string `json:"-"`

	// Package is the import path of the Go mirrors.
	Package string `json:"package"`
	// ConstPackages are more import paths whose constants may mirror
	// macros, spelled with the package's name in front:
	// PEER_EXIT_FAIL is peer.ExitFail. Default: none.
	ConstPackages []string `json:"constPackages,omitempty"`
	// System is the package whose constants mirror the probe's
	// IPCC_CONST lines under their C names, before Package is searched.
	// Default DefaultSystem.
	System string `json:"system,omitempty"`

	// Prefix is removed (ignoring case) from C names before the naming
	// rule applies: with "ipcc_", struct ipcc_frame is mirrored by Frame.
	Prefix string `json:"prefix,omitempty"`
	// Renames override the naming rule, which is that a C name and its
	// Go mirror's are equal in lower case without underscores (Fold), Go
	// names being Camel case (sin_port is SinPort). Keys and values:
	//
	//	"sockaddr_in": "golang.org/x/sys/unix.RawSockaddrInet4"  a struct's mirror
	//	"frame": "FrameHeader"                                   the same, in Package
	//	"sockaddr_in.sin_port": "Port"                           a field's mirror
	//	"MAX_LEN": "MaxLength"                                   a macro's (or probe
	//	"MAX_LEN": "example.com/proto.MaxLength"                 constant's) mirror
	//
	// A struct mirrored outside Package is not held to Package's rule of
	// explicit padding, and its C fields that no rename names are not
	// compared (glibc's reserved fields have no mirror in x/sys).
	Renames map[string]string `json:"renames,omitempty"`
	// Skip names C declarations that are not compared, each with the
	// reason: "struct", "struct.field", a macro or a probe type's name.
	Skip map[string]string `json:"skip,omitempty"`
	// Opaque names fields ("struct.field") that are compared by offset
	// and size only, each with the reason (an in_addr mirrored as
	// [4]byte).
	Opaque map[string]string `json:"opaque,omitempty"`
	// Known are the differences that must occur; each is reported as
	// known instead of failing, and one that stops occurring fails.
	Known []Known `json:"known,omitempty"`
	// Subset compares only the C declarations that Package mirrors,
	// instead of failing on each one it lacks: for packages of deliberately
	// wrong mirrors. Default false.
	Subset bool `json:"subset,omitempty"`
	// ImplicitPadding allows Package's structs to leave holes that no
	// field covers; by default each hole must be spelled as a blank
	// field, so that encoding/binary reads the same bytes as C.
	ImplicitPadding bool `json:"implicitPadding,omitempty"`
}

// A Known is a difference a check expects on some architectures.
type Known struct {
	// Arches are the GOARCH names it occurs on; empty for all.
	Arches []string `json:"arches,omitempty"`
	// Diff is the difference as reported, without the architecture:
	// "sockaddr_in: have align 2, want 4".
	Diff string `json:"diff"`
	// Why is the fact that makes it right.
	Why string `json:"why"`
}

func (k Known) applies(goarch string) bool {
	if len(k.Arches) == 0 {
		return true
	}
	for _, a := range k.Arches {
		if a == goarch {
			return true
		}
	}
	return false
}

var (
	cName      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	goIdent    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	importPath = regexp.MustCompile(`^[A-Za-z0-9_.~+\-]+(/[A-Za-z0-9_.~+\-]+)*$`)
	checkName  = regexp.MustCompile(`^[A-Za-z0-9_.\-]+$`)
)

// Validate checks the configuration as loaded, naming the key of the first
// bad value and what was expected. It fills in no defaults: the zero value
// of an optional field already means its default.
func (c *Config) Validate() error {
	if c.Name == "" {
		return errors.New(`key "name": missing (what reports call the check, such as "wire")`)
	}
	if !checkName.MatchString(c.Name) {
		return fmt.Errorf(`key "name": %q: want letters, digits, '.', '_' or '-' (it names a subtest)`, c.Name)
	}
	if c.Package == "" {
		return errors.New(`key "package": missing (the import path of the go mirrors)`)
	}
	for key, paths := range map[string][]string{"package": {c.Package}, "constPackages": c.ConstPackages, "system": {c.System}} {
		for _, p := range paths {
			if p != "" && !importPath.MatchString(p) {
				return fmt.Errorf("key %q: %q: want a go import path", key, p)
			}
		}
	}
	if len(c.Headers) == 0 && c.Probe == "" && c.ProbeSource == "" {
		return errors.New(`keys "headers" and "probe": both empty, nothing to compare`)
	}
	for _, h := range c.Headers {
		if _, err := filepath.Match(h, ""); err != nil {
			return fmt.Errorf("key \"headers\": %q: %v", h, err)
		}
	}
	for _, dir := range c.Include {
		if strings.Contains(strings.ReplaceAll(dir, "{triple}", ""), "{") {
			return fmt.Errorf("key \"include\": %q: the only placeholder is {triple}", dir)
		}
	}
	for _, k := range sortedKeys(c.Renames) {
		v := c.Renames[k]
		if err := checkCRef(k); err != nil {
			return fmt.Errorf("key \"renames\": %v", err)
		}
		if strings.Contains(k, ".") {
			if !goIdent.MatchString(v) {
				return fmt.Errorf("key \"renames\": %q: %q: want a go field name", k, v)
			}
			continue
		}
		if _, _, err := splitGoName(v); err != nil {
			return fmt.Errorf("key \"renames\": %q: %v", k, err)
		}
	}
	for key, m := range map[string]map[string]string{"skip": c.Skip, "opaque": c.Opaque} {
		for _, k := range sortedKeys(m) {
			if err := checkCRef(k); err != nil {
				return fmt.Errorf("key %q: %v", key, err)
			}
			if strings.TrimSpace(m[k]) == "" {
				return fmt.Errorf("key %q: %q: give the reason", key, k)
			}
			if key == "opaque" && !strings.Contains(k, ".") {
				return fmt.Errorf("key \"opaque\": %q: want \"struct.field\"", k)
			}
		}
	}
	for i, k := range c.Known {
		if k.Diff == "" {
			return fmt.Errorf("key \"known\"[%d]: \"diff\" missing", i)
		}
		if strings.TrimSpace(k.Why) == "" {
			return fmt.Errorf("key \"known\"[%d] (%q): \"why\" missing: a known difference carries its reason", i, k.Diff)
		}
		for _, a := range k.Arches {
			if _, err := arch.Lookup(a); err != nil {
				return fmt.Errorf("key \"known\"[%d] (%q): arches: %v", i, k.Diff, err)
			}
		}
	}
	return nil
}

// checkCRef checks a key naming a C declaration or one of its fields.
func checkCRef(k string) error {
	s, f, hasField := strings.Cut(k, ".")
	if !cName.MatchString(s) || hasField && !cName.MatchString(f) {
		return fmt.Errorf("%q: want a c name or \"struct.field\"", k)
	}
	return nil
}

// splitGoName splits a rename's value, "path/to/pkg.Name" or "Name" (in
// Package), into its import path ("" for Package) and name.
func splitGoName(v string) (path, name string, err error) {
	i := strings.LastIndex(v, ".")
	if i < 0 {
		if !goIdent.MatchString(v) {
			return "", "", fmt.Errorf("%q: want a go name or \"import/path.Name\"", v)
		}
		return "", v, nil
	}
	path, name = v[:i], v[i+1:]
	if !importPath.MatchString(path) || !goIdent.MatchString(name) {
		return "", "", fmt.Errorf("%q: want a go name or \"import/path.Name\"", v)
	}
	return path, name, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// system returns the package of the probe's constants.
func (c *Config) system() string {
	if c.System == "" {
		return DefaultSystem
	}
	return c.System
}

// stripPrefix removes c.Prefix from a C name, ignoring case.
func (c *Config) stripPrefix(name string) string {
	if c.Prefix != "" && len(name) >= len(c.Prefix) && strings.EqualFold(name[:len(c.Prefix)], c.Prefix) {
		return name[len(c.Prefix):]
	}
	return name
}

// includeDirs returns the -I folders for a, absolute.
func (c *Config) includeDirs(a arch.Arch) []string {
	var out []string
	for _, dir := range c.Include {
		out = append(out, c.path(strings.ReplaceAll(dir, "{triple}", a.Triple)))
	}
	return out
}

// path makes p absolute against Root.
func (c *Config) path(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	root, err := filepath.Abs(c.Root)
	if err != nil {
		root = c.Root
	}
	return filepath.Join(root, p)
}

// headerFiles expands Headers, sorted and without repeats.
func (c *Config) headerFiles() ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, h := range c.Headers {
		m, err := filepath.Glob(c.path(h))
		if err != nil {
			return nil, fmt.Errorf("headers: %q: %v", h, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("headers: %q matches no file under %s", h, c.path("."))
		}
		for _, f := range m {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
