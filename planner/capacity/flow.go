package capacity

// class is a group of consuming devices that can use the same keys, in one wave.
type class struct {
	wave      Wave
	cover     []int // keys that can serve them, in key order
	product   string
	agreement string
	devices   []int // device indexes, in plan order
}

// allocate computes a maximum flow from classes (supply: their device count)
// to keys (capacity: capLeft) over the coverage edges, and returns flow[class][key].
//
// Classes are taken in order and each is augmented as far as it can go before
// the next: an augmenting path may move another class's devices to a different
// key but never takes activations away from a class that has them, so earlier
// classes (earlier waves) are served first. Ford–Fulkerson with the source
// edges added one by one ends in a maximum flow all the same, which is what
// leaves as few devices as possible without an activation.
func allocate(classes []*class, capLeft []int) []map[int]int {
	flow := make([]map[int]int, len(classes))
	for i := range flow {
		flow[i] = map[int]int{}
	}
	// users[k] lists the classes with flow on key k, for backward edges.
	users := map[int][]int{}
	for ci, c := range classes {
		need := len(c.devices)
		for need > 0 {
			path, amount := augmentingPath(ci, need, classes, flow, users, capLeft)
			if amount == 0 {
				break
			}
			// path alternates class, key, class, key …, ending at a key with capacity left.
			for i := 0; i+1 < len(path); i += 2 {
				c, k := path[i], path[i+1]
				if flow[c][k] == 0 {
					users[k] = append(users[k], c)
				}
				flow[c][k] += amount
				if i+2 < len(path) { // the next class moves amount from k to its next key
					nc := path[i+2]
					flow[nc][k] -= amount
				}
			}
			capLeft[path[len(path)-1]] -= amount
			need -= amount
		}
	}
	return flow
}

// augmentingPath finds, breadth first, a path from class start along a
// coverage edge to a key, then (if that key is full) back along a flow edge
// to a class using it and on to another key, until a key with capacity left.
// It returns the path and the amount that can be pushed along it.
func augmentingPath(start, need int, classes []*class, flow []map[int]int, users map[int][]int, capLeft []int) ([]int, int) {
	type step struct{ node, prev int } // node: class or key index; prev: index into visited
	// Visited nodes are encoded: classes as c, keys as -(k+1).
	seen := map[int]bool{start: true}
	queue := []step{{start, -1}}
	for qi := 0; qi < len(queue); qi++ {
		c := queue[qi].node
		if c < 0 {
			continue // a key: its classes were queued when it was found
		}
		for _, k := range classes[c].cover {
			kid := -(k + 1)
			if seen[kid] {
				continue
			}
			seen[kid] = true
			queue = append(queue, step{kid, qi})
			ki := len(queue) - 1
			if capLeft[k] > 0 {
				// Unwind: the path alternates class, key from start.
				var rev []int
				for i := ki; i >= 0; i = queue[i].prev {
					n := queue[i].node
					if n < 0 {
						n = -n - 1
					}
					rev = append(rev, n)
				}
				path := make([]int, len(rev))
				for i := range rev {
					path[i] = rev[len(rev)-1-i]
				}
				amount := min(need, capLeft[k])
				for i := 2; i < len(path); i += 2 { // class path[i] gives up flow on key path[i-1]
					amount = min(amount, flow[path[i]][path[i-1]])
				}
				return path, amount
			}
			for _, c2 := range users[k] {
				if !seen[c2] && flow[c2][k] > 0 {
					seen[c2] = true
					queue = append(queue, step{c2, ki})
				}
			}
		}
	}
	return nil, 0
}
