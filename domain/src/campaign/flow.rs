//! Maximum flow (Dinic's algorithm) on the small graphs of a draw: a few hundred units and
//! inspectors at most.

use std::collections::VecDeque;

pub struct FlowNetwork {
    adjacency: Vec<Vec<usize>>,
    to: Vec<usize>,
    capacity: Vec<i64>,
}

impl FlowNetwork {
    pub fn new(nodes: usize) -> Self {
        Self {
            adjacency: vec![Vec::new(); nodes],
            to: Vec::new(),
            capacity: Vec::new(),
        }
    }

    /// Adds an edge and its residual twin; returns the edge's index.
    pub fn add_edge(&mut self, from: usize, to: usize, capacity: i64) -> usize {
        let index = self.to.len();
        self.adjacency[from].push(index);
        self.to.push(to);
        self.capacity.push(capacity);
        self.adjacency[to].push(index + 1);
        self.to.push(from);
        self.capacity.push(0);
        index
    }

    /// The flow an edge carries (the capacity its twin gained).
    pub fn flow(&self, edge: usize) -> i64 {
        self.capacity[edge ^ 1]
    }

    pub fn max_flow(&mut self, source: usize, sink: usize) -> i64 {
        let mut total = 0;
        loop {
            let Some(level) = self.levels(source, sink) else {
                return total;
            };
            let mut next = vec![0; self.adjacency.len()];
            loop {
                let pushed = self.push(source, sink, i64::MAX, &level, &mut next);
                if pushed == 0 {
                    break;
                }
                total += pushed;
            }
        }
    }

    fn levels(&self, source: usize, sink: usize) -> Option<Vec<i64>> {
        let mut level = vec![-1; self.adjacency.len()];
        level[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(node) = queue.pop_front() {
            for &edge in &self.adjacency[node] {
                let to = self.to[edge];
                if self.capacity[edge] > 0 && level[to] < 0 {
                    level[to] = level[node] + 1;
                    queue.push_back(to);
                }
            }
        }
        (level[sink] >= 0).then_some(level)
    }

    fn push(
        &mut self,
        node: usize,
        sink: usize,
        limit: i64,
        level: &[i64],
        next: &mut [usize],
    ) -> i64 {
        if node == sink {
            return limit;
        }
        while next[node] < self.adjacency[node].len() {
            let edge = self.adjacency[node][next[node]];
            let to = self.to[edge];
            if self.capacity[edge] > 0 && level[to] == level[node] + 1 {
                let pushed = self.push(to, sink, limit.min(self.capacity[edge]), level, next);
                if pushed > 0 {
                    self.capacity[edge] -= pushed;
                    self.capacity[edge ^ 1] += pushed;
                    return pushed;
                }
            }
            next[node] += 1;
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_classic_network() {
        // s=0, t=3: 0→1 (3), 0→2 (2), 1→2 (1), 1→3 (2), 2→3 (3): max flow 5.
        let mut n = FlowNetwork::new(4);
        n.add_edge(0, 1, 3);
        n.add_edge(0, 2, 2);
        n.add_edge(1, 2, 1);
        let e = n.add_edge(1, 3, 2);
        n.add_edge(2, 3, 3);
        assert_eq!(n.max_flow(0, 3), 5);
        assert_eq!(n.flow(e), 2);
    }
}
