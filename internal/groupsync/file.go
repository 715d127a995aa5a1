package groupsync

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// File is a source read from a JSON or CSV file: JSON
// {"groups": [{"name": "core-team", "members": ["mary_major@example.com",
// "group:leads"]}]}, or CSV with a "group,member" header and one
// membership a line. A .csv name is CSV, a .json name JSON; otherwise a
// file starting with "{" is JSON.
type File string

// Directory reads and parses the file.
func (f File) Directory(context.Context) (Directory, error) {
	data, err := os.ReadFile(string(f))
	if err != nil {
		return nil, fmt.Errorf("read groups file: %w", err)
	}
	d, err := parseFile(string(f), data)
	if err != nil {
		return nil, fmt.Errorf("groups file %s: %w", f, err)
	}
	return d, nil
}

func parseFile(name string, data []byte) (Directory, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return ParseJSON(data)
	case ".csv":
		return ParseCSV(bytes.NewReader(data))
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		return ParseJSON(data)
	}
	return ParseCSV(bytes.NewReader(data))
}

type jsonFile struct {
	Groups []struct {
		Name    string   `json:"name"`
		Members []string `json:"members"`
	} `json:"groups"`
}

// ParseJSON parses the JSON form; a syntax or type error names its line.
func ParseJSON(data []byte) (Directory, error) {
	var f jsonFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(data, err)
	}
	if f.Groups == nil {
		return nil, errors.New(`no "groups" list`)
	}
	d := Directory{}
	for i, g := range f.Groups {
		if err := add(d, g.Name, g.Members...); err != nil {
			return nil, fmt.Errorf("groups[%d]: %w", i, err)
		}
	}
	return d, nil
}

func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("line %d: %w", lineAt(data, syn.Offset), err)
	case errors.As(err, &typ):
		return fmt.Errorf("line %d: %s must be %s, not %s", lineAt(data, typ.Offset), typ.Field, typ.Type, typ.Value)
	case errors.Is(err, io.EOF):
		return errors.New("empty file")
	}
	return err
}

func lineAt(data []byte, offset int64) int {
	return bytes.Count(data[:min(int(offset), len(data))], []byte("\n")) + 1
}

// ParseCSV parses the CSV form; every error names its line.
func ParseCSV(r io.Reader) (Directory, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 2
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, csvError(err, 1)
	}
	if !strings.EqualFold(strings.TrimSpace(head[0]), "group") || !strings.EqualFold(strings.TrimSpace(head[1]), "member") {
		return nil, fmt.Errorf(`line 1: the header must be "group,member", not %q`, strings.Join(head, ","))
	}
	d := Directory{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return d, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, csvError(err, line)
		}
		if err := add(d, strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
	}
}

func csvError(err error, line int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d: %w", pe.Line, pe.Err)
	}
	if errors.Is(err, io.EOF) {
		return errors.New(`empty file: want a "group,member" header`)
	}
	return fmt.Errorf("line %d: %w", line, err)
}

// add records members of group name, refusing what Q Business cannot use.
func add(d Directory, name string, members ...string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("a group has no name")
	}
	if len(name) > 1024 {
		return fmt.Errorf("group name %.40q… is longer than 1024 characters", name)
	}
	for _, m := range members {
		if err := checkMember(m); err != nil {
			return fmt.Errorf("group %s: %w", name, err)
		}
	}
	d[name] = append(d[name], members...)
	return nil
}
