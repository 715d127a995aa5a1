package retrieval

import "strings"

// publicACL marks an entry without ACL.
const publicACL = -1

// aclTable interns ACLs so that documents sharing an access configuration
// (the usual case: a whole space or project) are evaluated once per caller.
type aclTable struct {
	acls  []*ACL
	index map[string]int32
}

// intern returns the id of a's canonical copy, publicACL for nil.
func (t *aclTable) intern(a *ACL) int32 {
	if a == nil {
		return publicACL
	}
	key := aclKey(a)
	if id, ok := t.index[key]; ok {
		return id
	}
	if t.index == nil {
		t.index = map[string]int32{}
	}
	id := int32(len(t.acls))
	t.acls = append(t.acls, a)
	t.index[key] = id
	return id
}

// aclKey serialises an ACL unambiguously (lengths prefix every name).
func aclKey(a *ACL) string {
	var b strings.Builder
	b.WriteString(a.MemberRelation)
	for _, ac := range a.AccessControls {
		b.WriteString("\x00C")
		b.WriteString(ac.MemberRelation)
		for _, p := range ac.Principals {
			b.WriteString("\x00P")
			for _, s := range []string{p.Kind, string(p.Access), p.Name} {
				b.WriteString(itoa(len(s)))
				b.WriteByte(':')
				b.WriteString(s)
			}
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for ; n > 0; n /= 10 {
		i--
		buf[i] = byte('0' + n%10)
	}
	return string(buf[i:])
}
