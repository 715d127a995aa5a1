package sandbox_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
)

// checkJSON walks v against the shape id, naming every member the model
// does not know, every JSON type that does not fit, and every enum value
// outside the model's set.
func (m *models) checkJSON(v *violations, where, id string, val any, jsonNames bool) {
	if val == nil {
		return
	}
	s, ok := m.shapes[id]
	if !ok {
		checkPrelude(v, where, id, val)
		return
	}
	switch s.Type {
	case "structure", "union":
		m.checkJSONStruct(v, where, s.Members, val, jsonNames)
	case "list", "set":
		arr, ok := val.([]any)
		if !ok {
			v.add("%s: want a JSON array for %s, got %T", where, id, val)
			return
		}
		for _, e := range arr {
			m.checkJSON(v, where+"[]", s.Member.Target, e, jsonNames)
		}
	case "map":
		obj, ok := val.(map[string]any)
		if !ok {
			v.add("%s: want a JSON object for map %s, got %T", where, id, val)
			return
		}
		for k, e := range obj {
			m.checkJSON(v, where+"{"+k+"}", s.Value.Target, e, jsonNames)
		}
	case "enum":
		str, ok := val.(string)
		if !ok || !slices.Contains(m.enumValues(s), str) {
			v.add("%s: value %v is not in enum %s", where, val, id)
		}
	case "document":
	default:
		checkScalar(v, where, s.Type, val, s.Traits)
		if s.Type == "string" && len(m.enumValues(s)) > 0 && !slices.Contains(m.enumValues(s), val.(string)) {
			v.add("%s: value %v is not in enum %s", where, val, id)
		}
	}
}

func (m *models) checkJSONStruct(v *violations, where string, members map[string]member, val any, jsonNames bool) {
	obj, ok := val.(map[string]any)
	if !ok {
		v.add("%s: want a JSON object, got %T", where, val)
		return
	}
	byWire := map[string]member{}
	for name, mb := range members {
		if jsonNames {
			name = wireName(name, mb, "smithy.api#jsonName")
		}
		byWire[name] = mb
	}
	for k, e := range obj {
		mb, ok := byWire[k]
		if !ok {
			v.add("%s: unknown member %q", where, k)
			continue
		}
		m.checkJSON(v, where+"."+k, mb.Target, e, jsonNames)
	}
}

func checkPrelude(v *violations, where, id string, val any) {
	name := strings.TrimPrefix(id, "smithy.api#")
	switch name {
	case "Document", "Unit":
		return
	}
	checkScalar(v, where, strings.ToLower(name), val, nil)
}

// checkScalar checks JSON types; timestamps are epoch seconds (numbers) in
// both JSON protocols unless the model says otherwise.
func checkScalar(v *violations, where, typ string, val any, traits map[string]json.RawMessage) {
	want := ""
	switch typ {
	case "string", "blob":
		want = "string"
	case "boolean":
		want = "bool"
	case "byte", "short", "integer", "long", "float", "double", "biginteger", "bigdecimal", "intenum", "intEnum":
		want = "number"
	case "timestamp":
		want = "number"
		if _, ok := traits["smithy.api#timestampFormat"]; ok {
			return
		}
	default:
		return
	}
	got := ""
	switch val.(type) {
	case string:
		got = "string"
	case bool:
		got = "bool"
	case json.Number, float64:
		got = "number"
	}
	if got != want {
		v.add("%s: want a JSON %s for %s, got %T %v", where, want, typ, val, val)
	}
}

// xmlNode is a generic XML element.
type xmlNode struct {
	XMLName  xml.Name
	Children []xmlNode `xml:",any"`
	Text     string    `xml:",chardata"`
}

func parseXML(b []byte) (xmlNode, error) {
	var n xmlNode
	err := xml.NewDecoder(bytes.NewReader(b)).Decode(&n)
	return n, err
}

// checkXML walks an awsQuery element against the shape id.
func (m *models) checkXML(v *violations, where, id string, n xmlNode) {
	s, ok := m.shapes[id]
	if !ok {
		return
	}
	switch s.Type {
	case "structure", "union":
		for _, c := range n.Children {
			mb, ok := structMember(s, c.XMLName.Local)
			if !ok {
				v.add("%s: unknown member <%s>", where, c.XMLName.Local)
				continue
			}
			m.checkXML(v, where+"."+c.XMLName.Local, mb.Target, c)
		}
	case "list", "set":
		name := wireName("member", *s.Member, "smithy.api#xmlName")
		for _, c := range n.Children {
			if c.XMLName.Local != name {
				v.add("%s: list element <%s>, want <%s>", where, c.XMLName.Local, name)
				continue
			}
			m.checkXML(v, where+"[]", s.Member.Target, c)
		}
	case "map":
		m.checkXMLMap(v, where, s, n)
	case "enum":
		if !slices.Contains(m.enumValues(s), strings.TrimSpace(n.Text)) {
			v.add("%s: value %q is not in enum %s", where, n.Text, id)
		}
	}
}

func structMember(s shape, local string) (member, bool) {
	for name, mb := range s.Members {
		if wireName(name, mb, "smithy.api#xmlName") == local {
			return mb, true
		}
	}
	return member{}, false
}

func (m *models) checkXMLMap(v *violations, where string, s shape, n xmlNode) {
	for _, e := range n.Children {
		if e.XMLName.Local != "entry" {
			v.add("%s: map element <%s>, want <entry>", where, e.XMLName.Local)
			continue
		}
		for _, kv := range e.Children {
			switch kv.XMLName.Local {
			case "key":
			case "value":
				m.checkXML(v, where+"{}", s.Value.Target, kv)
			default:
				v.add("%s: map entry element <%s>", where, kv.XMLName.Local)
			}
		}
	}
}
