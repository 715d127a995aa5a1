package ssoadmin

import "github.com/qbiz/qbiz/internal/sandbox/wire"

type instanceOut struct {
	InstanceArn     string  `json:"InstanceArn"`
	IdentityStoreId string  `json:"IdentityStoreId"`
	OwnerAccountId  string  `json:"OwnerAccountId"`
	Name            string  `json:"Name,omitempty"`
	CreatedDate     float64 `json:"CreatedDate"`
	Status          string  `json:"Status"`
}

func toInstanceOut(i Instance) instanceOut {
	return instanceOut{InstanceArn: i.ARN, IdentityStoreId: i.IdentityStoreID, OwnerAccountId: i.OwnerAccountID,
		Name: i.Name, CreatedDate: wire.Epoch(i.CreatedDate), Status: "ACTIVE"}
}

type listIn struct {
	MaxResults *int   `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

func (in listIn) validate(v *validator) {
	v.maxResults(in.MaxResults)
	v.str("nextToken", in.NextToken, false, 0, 2048, reToken)
}

func (in listIn) max() int {
	if in.MaxResults == nil {
		return 0
	}
	return *in.MaxResults
}

func listInstances(c *call) (any, error) {
	var in listIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var v validator
	in.validate(&v)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.authorize("*"); err != nil {
		return nil, err
	}
	items, next, err := page([]instanceOut{toInstanceOut(c.h.s.Instance())}, in.NextToken, in.max())
	if err != nil {
		return nil, err
	}
	return struct {
		Instances []instanceOut `json:"Instances"`
		NextToken string        `json:"NextToken,omitempty"`
	}{items, next}, nil
}

func describeInstance(c *call) (any, error) {
	var in struct{ InstanceArn string }
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var v validator
	v.arn("instanceArn", in.InstanceArn, true, reInstanceARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.authorize(in.InstanceArn); err != nil {
		return nil, err
	}
	inst := c.h.s.Instance()
	if inst.ARN != in.InstanceArn {
		return nil, errNotFound("Instance %s does not exist", in.InstanceArn)
	}
	return toInstanceOut(inst), nil
}
