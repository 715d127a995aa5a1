package qbusiness

import (
	"bytes"
	"encoding/base64"
	"html"
	"unicode/utf8"

	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
)

var (
	scriptPattern = lazyre.New(`(?is)<(script|style)[^>]*>.*?</(script|style)>`)
	tagPattern    = lazyre.New(`(?s)<[^>]*>`)
)

// extractText returns the text of a document blob (base64 as on the wire),
// or a reason it cannot be indexed.
func extractText(blob, contentType string) (string, string) {
	raw, err := base64.StdEncoding.DecodeString(blob)
	if err != nil {
		return "", "Document content blob is not valid base64."
	}
	if !utf8.Valid(raw) || bytes.IndexByte(raw, 0) >= 0 {
		return "", "Document content of type " + orPlain(contentType) + " could not be extracted: this sandbox indexes text content only."
	}
	text := string(raw)
	if contentType == "HTML" || contentType == "XML" || contentType == "XSLT" {
		text = html.UnescapeString(tagPattern().ReplaceAllString(scriptPattern().ReplaceAllString(text, " "), " "))
	}
	return text, ""
}

func orPlain(t string) string {
	if t == "" {
		return "PLAIN_TEXT"
	}
	return t
}
