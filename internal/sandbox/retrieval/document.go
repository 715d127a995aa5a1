package retrieval

import (
	"maps"
	"strings"
	"time"
)

// Document is one indexed document.
type Document struct {
	ID, Title, URL, Content, ContentType, DataSourceID string
	Attributes                                         map[string]string
	// ACL restricts who may read the document; nil means every user.
	ACL       *ACL
	UpdatedAt time.Time
}

// clone returns a deep copy with text made valid UTF-8, so that the index
// never shares memory with its callers.
func (d Document) clone() Document {
	d.Title = strings.ToValidUTF8(d.Title, "\uFFFD")
	d.Content = strings.ToValidUTF8(d.Content, "\uFFFD")
	if d.Attributes != nil {
		d.Attributes = maps.Clone(d.Attributes)
	}
	d.ACL = cloneACL(d.ACL)
	return d
}

// titleWeight is how many times a title token counts relative to a content
// token.
const titleWeight = 2

// entry is the indexed form of a document.
type entry struct {
	doc        Document
	acl        int32             // interned ACL id or publicACL
	length     int               // weighted token count
	tf         map[string]uint32 // weighted term frequencies
	titleTerms map[string]struct{}
	sentences  []sentence
}

func newEntry(d Document) *entry {
	e := &entry{doc: d, tf: map[string]uint32{}, titleTerms: map[string]struct{}{}}
	for _, t := range Tokenize(d.Title) {
		e.tf[t] += titleWeight
		e.length += titleWeight
		e.titleTerms[t] = struct{}{}
	}
	for _, t := range Tokenize(d.Content) {
		e.tf[t]++
		e.length++
	}
	e.sentences = splitSentences(d.Content)
	return e
}
