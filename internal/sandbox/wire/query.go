package wire

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// Namespaces of the awsQuery services.
const (
	STSNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
	IAMNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"
)

// ParseForm parses an awsQuery form body strictly: malformed escapes and
// repeated keys are errors, as AWS refuses them.
func ParseForm(body []byte) (url.Values, error) {
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, Errorf(400, "MalformedQueryString", "The request could not be parsed: %s", err)
	}
	for k, vals := range v {
		if len(vals) > 1 {
			return nil, Errorf(400, "MalformedQueryString", "The parameter %s was specified more than once", k)
		}
	}
	return v, nil
}

// Members collects the awsQuery list members `Prefix.member.N[.Suffix]` in order.
// With suffix "" it returns the scalar list; otherwise the values of that field.
func Members(form url.Values, prefix, suffix string) []string {
	var out []string
	for i := 1; ; i++ {
		key := prefix + ".member." + strconv.Itoa(i)
		if suffix != "" {
			key += "." + suffix
		}
		v, ok := form[key]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

// WriteQueryResult writes `<{Action}Response><{Action}Result>result</…>` with
// ResponseMetadata. result's fields are marshalled with encoding/xml (nil for
// empty); it may be an anonymous struct.
func WriteQueryResult(w http.ResponseWriter, r *http.Request, ns, action string, result any) {
	var inner bytes.Buffer
	if result != nil {
		if err := xml.NewEncoder(&inner).Encode(resultElement{result}); err != nil {
			WriteQueryError(w, r, ns, Errorf(500, "ServiceFailure", "encode response"))
			return
		}
	}
	id := commonHeaders(w, r)
	var b strings.Builder
	b.WriteString(`<` + action + `Response xmlns="` + ns + `">`)
	if result != nil {
		b.WriteString(`<` + action + `Result>`)
		b.WriteString(stripOuter(inner.String()))
		b.WriteString(`</` + action + `Result>`)
	}
	b.WriteString(`<ResponseMetadata><RequestId>` + id + `</RequestId></ResponseMetadata>`)
	b.WriteString(`</` + action + `Response>`)
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(b.String()))
}

// resultElement gives any result, anonymous structs included, the element
// name encoding/xml needs; stripOuter removes it again.
type resultElement struct{ v any }

func (e resultElement) MarshalXML(enc *xml.Encoder, _ xml.StartElement) error {
	return enc.EncodeElement(e.v, xml.StartElement{Name: xml.Name{Local: "Result"}})
}

// stripOuter removes the outermost element so a struct's fields become the
// children of <ActionResult>.
func stripOuter(s string) string {
	start := strings.Index(s, ">")
	end := strings.LastIndex(s, "</")
	if start < 0 || end < start || strings.HasSuffix(s[:start], "/") {
		return ""
	}
	return s[start+1 : end]
}

// WriteQueryError writes the awsQuery ErrorResponse document.
func WriteQueryError(w http.ResponseWriter, r *http.Request, ns string, e *Error) {
	ledger.SetCode(r.Context(), e.Code)
	kind := "Sender"
	if e.Status >= 500 {
		kind = "Receiver"
	}
	var msg bytes.Buffer
	_ = xml.EscapeText(&msg, []byte(e.Message))
	id := commonHeaders(w, r)
	body := `<ErrorResponse xmlns="` + ns + `"><Error><Type>` + kind + `</Type><Code>` + e.Code +
		`</Code><Message>` + msg.String() + `</Message></Error><RequestId>` + id +
		`</RequestId></ErrorResponse>`
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.Status)
	_, _ = w.Write([]byte(body))
}
