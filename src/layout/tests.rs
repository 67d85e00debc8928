use super::*;

/// Two triangles joined by one edge, and an isolated pair: 8 nodes.
fn two_triangles() -> (Vec<f64>, Vec<(u32, u32, f64)>) {
    let edges = vec![
        (0, 1, 1.0),
        (1, 2, 1.0),
        (0, 2, 2.0),
        (3, 4, 1.0),
        (4, 5, 1.0),
        (3, 5, 1.0),
        (2, 3, 1.0),
        (6, 7, 1.0),
    ];
    (vec![1.5; 8], edges)
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (sq(a[0] - b[0]) + sq(a[1] - b[1])).sqrt()
}

/// A random graph of `n` nodes in `k` dense groups (deterministic), for Barnes-Hut.
fn groups(n: usize, k: usize) -> Vec<(u32, u32, f64)> {
    let mut edges = Vec::new();
    let mut x: u64 = 42;
    for i in 0..n {
        for _ in 0..4 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let j = ((x >> 33) as usize % (n / k)) * k + i % k;
            if j != i {
                edges.push((i.min(j) as u32, i.max(j) as u32, 1.0));
            }
        }
    }
    edges
}

fn assert_no_overlap(pos: &[[f64; 2]], radius: &[f64]) {
    for i in 0..pos.len() {
        for j in i + 1..pos.len() {
            let d = dist(pos[i], pos[j]);
            assert!(
                d >= radius[i] + radius[j],
                "nodes {i} and {j} overlap: {d} < {}",
                radius[i] + radius[j]
            );
        }
    }
}

#[test]
fn no_two_nodes_overlap() {
    let (radius, edges) = two_triangles();
    let pos = lay_out(&radius, &edges, &Settings::default());
    assert_no_overlap(&pos, &radius);
}

#[test]
fn nodes_at_one_point_are_parted() {
    let mut pos = vec![[3.0, 3.0]; 5];
    let radius = vec![1.0; 5];
    overlap::separate(&mut pos, &radius, 0.0);
    assert_no_overlap(&pos, &radius);
}

#[test]
fn reruns_and_thread_counts_give_the_same_coordinates() {
    let edges = groups(1200, 6);
    let radius = vec![1.0; 1200];
    let s = Settings {
        iterations: 40,
        ..Settings::default()
    };
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| lay_out(&radius, &edges, &s))
    };
    let one = run(1);
    assert_eq!(one, run(3));
    assert_eq!(one, run(1));
    // Coordinates are rounded to two decimals.
    assert!(one
        .iter()
        .flatten()
        .all(|c| format!("{c:.2}").parse::<f64>() == Ok(*c)));
}

#[test]
fn connected_nodes_end_closer_than_unconnected() {
    for n in [60, 900] {
        let edges = groups(n, 3);
        let pos = lay_out(&vec![1.0; n], &edges, &Settings::default());
        let linked: std::collections::HashSet<(u32, u32)> =
            edges.iter().map(|e| (e.0, e.1)).collect();
        let (mut near, mut nn, mut far, mut nf) = (0.0, 0usize, 0.0, 0usize);
        for i in 0..n as u32 {
            for j in i + 1..n as u32 {
                let d = dist(pos[i as usize], pos[j as usize]);
                if linked.contains(&(i, j)) {
                    near += d;
                    nn += 1;
                } else {
                    far += d;
                    nf += 1;
                }
            }
        }
        let (near, far) = (near / nn as f64, far / nf as f64);
        assert!(near * 1.5 < far, "n={n}: linked {near:.1}, others {far:.1}");
    }
}

#[test]
fn a_heavier_edge_pulls_harder() {
    // A path a - b - c where a-b weighs 5: a ends closer to b than c does (small radii: the
    // forces decide, not the removal of overlaps).
    let pos = lay_out(&[0.1; 3], &[(0, 1, 5.0), (1, 2, 1.0)], &Settings::default());
    assert!(dist(pos[0], pos[1]) < dist(pos[1], pos[2]), "{pos:?}");
}

#[test]
fn start_positions_are_fixed() {
    let a = force::start_positions(3, 7);
    assert_eq!(a, force::start_positions(3, 7));
    assert_ne!(a, force::start_positions(3, 8));
    assert!(a
        .iter()
        .flatten()
        .all(|c| c.abs() <= 10.0 * 3f64.sqrt() / 2.0));
}

#[test]
fn empty_and_single_graphs() {
    assert!(lay_out(&[], &[], &Settings::default()).is_empty());
    let one = lay_out(&[1.0], &[], &Settings::default());
    assert_eq!(one.len(), 1);
    assert!(one[0][0].is_finite() && one[0][1].is_finite());
}

/// Positions in a few dense clumps and radii from 1 to 20 (a few large): the overlaps the
/// force layout leaves on a big graph.
fn clumps(n: usize) -> (Vec<[f64; 2]>, Vec<f64>) {
    let mut x: u64 = 7;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut pos = Vec::new();
    let mut radius = Vec::new();
    for i in 0..n {
        let centre = (i % 4) as f64 * 30.0;
        pos.push([centre + next() * 20.0, centre * 0.5 + next() * 20.0]);
        let r = next();
        radius.push(if r > 0.97 {
            5.0 + r * 15.0
        } else {
            1.0 + r * 3.0
        });
    }
    // Two nodes at one point.
    pos[1] = pos[0];
    (pos, radius)
}

#[test]
fn overlap_removal_skips_only_pairs_that_cannot_have_changed() {
    for n in [2, 3, 40, 300] {
        let (start, radius) = clumps(n);
        let (mut fast, mut slow) = (start.clone(), start);
        overlap::separate(&mut fast, &radius, 0.5);
        overlap::textbook(&mut slow, &radius, 0.5);
        assert_eq!(fast, slow, "{n} nodes");
        assert_no_overlap(&fast, &radius);
    }
}
