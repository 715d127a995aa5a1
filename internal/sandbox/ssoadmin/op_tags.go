package ssoadmin

func tagResource(c *call) (any, error) {
	var in struct {
		InstanceArn string
		ResourceArn string
		Tags        []Tag
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var v validator
	v.arn("instanceArn", in.InstanceArn, false, reInstanceARN)
	v.str("resourceArn", in.ResourceArn, true, 10, 2048, reTaggableARN)
	if in.Tags == nil {
		v.add(nil, "tags", "Member must not be null")
	}
	v.tags(in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.authorize(in.ResourceArn); err != nil {
		return nil, err
	}
	return empty{}, c.h.s.TagResource(in.ResourceArn, in.Tags)
}

func listTagsForResource(c *call) (any, error) {
	var in struct {
		InstanceArn string
		ResourceArn string
		NextToken   string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var v validator
	v.arn("instanceArn", in.InstanceArn, false, reInstanceARN)
	v.str("resourceArn", in.ResourceArn, true, 10, 2048, reTaggableARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.authorize(in.ResourceArn); err != nil {
		return nil, err
	}
	tags, err := c.h.s.ListTags(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	items, next, err := page(tags, in.NextToken, 0)
	if err != nil {
		return nil, err
	}
	out := struct {
		Tags      []Tag
		NextToken string `json:",omitempty"`
	}{items, next}
	return out, nil
}
