//! CPython's `list.sort`: timsort — natural runs, binary insertion up to
//! `minrun`, galloping merges — as the CPython version the engine follows
//! does it (runs merge by the powersort policy from 3.11, by the older
//! stack rules before; 3.13 also folds equal items into descending runs).
//! Any
//! stable sort gives the same result for a consistent order; matching
//! CPython step for step also gives its result when the order is not
//! consistent (NaNs among floats, sets ordered by inclusion, a user `__lt__`
//! that is not a total order) and makes the same comparisons, in the same
//! order, so the first failing comparison is the one CPython makes.

use crate::error::RtResult;

/// CPython's initial `min_gallop`.
const MIN_GALLOP: usize = 7;

/// One pending run: where it starts, its length and its powersort power.
#[derive(Clone, Copy)]
struct Run {
    base: usize,
    len: usize,
    power: u32,
}

struct MergeState<'a, T, F> {
    v: &'a mut [T],
    lt: F,
    min_gallop: usize,
    pending: Vec<Run>,
}

/// Sorts `v` in place as CPython's `list.sort` does, with `lt(a, b)`
/// meaning `a < b`. An error from `lt` stops the sort (`v` then holds its
/// items in some order, as CPython's list does).
pub fn sort<T: Copy, F: FnMut(T, T) -> RtResult<bool>>(v: &mut [T], lt: F) -> RtResult<()> {
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    let minor = crate::compat::python_minor();
    let mut ms = MergeState { v, lt, min_gallop: MIN_GALLOP, pending: Vec::new() };
    let minrun = compute_minrun(n);
    let mut lo = 0;
    let mut remaining = n;
    while remaining > 0 {
        let mut run = if minor >= 13 {
            ms.count_run_313(lo, lo + remaining)?
        } else {
            let (run, descending) = ms.count_run(lo, lo + remaining)?;
            if descending {
                ms.v[lo..lo + run].reverse();
            }
            run
        };
        if run < minrun {
            let force = remaining.min(minrun);
            ms.binary_sort(lo, lo + force, lo + run)?;
            run = force;
        }
        if minor >= 11 {
            ms.found_new_run(run, n)?;
            ms.pending.push(Run { base: lo, len: run, power: 0 });
        } else {
            ms.pending.push(Run { base: lo, len: run, power: 0 });
            ms.merge_collapse()?;
        }
        lo += run;
        remaining -= run;
    }
    ms.force_collapse()
}

fn compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// Powersort's power of the boundary between runs `[s1, s1+n1)` and
/// `[s1+n1, s1+n1+n2)` in a list of `n`.
fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

impl<T: Copy, F: FnMut(T, T) -> RtResult<bool>> MergeState<'_, T, F> {
    fn lt(&mut self, a: T, b: T) -> RtResult<bool> {
        (self.lt)(a, b)
    }

    /// Length of the run starting at `lo` (< `hi`), and whether it is
    /// strictly descending.
    fn count_run(&mut self, lo: usize, hi: usize) -> RtResult<(usize, bool)> {
        if lo + 1 == hi {
            return Ok((1, false));
        }
        let mut n = 2;
        let mut i = lo + 1;
        if self.lt(self.v[i], self.v[i - 1])? {
            i += 1;
            while i < hi {
                if !self.lt(self.v[i], self.v[i - 1])? {
                    break;
                }
                i += 1;
                n += 1;
            }
            Ok((n, true))
        } else {
            i += 1;
            while i < hi {
                if self.lt(self.v[i], self.v[i - 1])? {
                    break;
                }
                i += 1;
                n += 1;
            }
            Ok((n, false))
        }
    }

    /// 3.13's run detection: the length of the run at `lo`, made ascending
    /// in place; a descending run takes equal neighbours too (each group of
    /// equal items is reversed first, so the final reversal keeps them
    /// stable), and an ascending suffix extends a reversed run.
    fn count_run_313(&mut self, lo: usize, hi: usize) -> RtResult<usize> {
        let nrem = hi - lo;
        let mut n = 1;
        while n < nrem {
            if self.lt(self.v[lo + n], self.v[lo + n - 1])? {
                break;
            }
            n += 1;
        }
        if n == nrem {
            return Ok(n);
        }
        if n > 1 {
            if self.lt(self.v[lo], self.v[lo + n - 1])? {
                return Ok(n);
            }
            // All of v[lo..lo+n] are equal and v[lo+n] is smaller.
            self.v[lo..lo + n].reverse();
        }
        n += 1;
        let mut neq = 0;
        while n < nrem {
            if self.lt(self.v[lo + n], self.v[lo + n - 1])? {
                Self::reverse_last_equal(self.v, lo, n, &mut neq);
            } else if self.lt(self.v[lo + n - 1], self.v[lo + n])? {
                break;
            } else {
                neq += 1;
            }
            n += 1;
        }
        Self::reverse_last_equal(self.v, lo, n, &mut neq);
        self.v[lo..lo + n].reverse();
        while n < nrem {
            if self.lt(self.v[lo + n], self.v[lo + n - 1])? {
                break;
            }
            n += 1;
        }
        Ok(n)
    }

    /// Reverses the last `neq + 1` items of `v[lo..lo+n]` (a group of equal
    /// items inside a descending run), if there is such a group.
    fn reverse_last_equal(v: &mut [T], lo: usize, n: usize, neq: &mut usize) {
        if *neq > 0 {
            let k = *neq + 1;
            v[lo + n - k..lo + n].reverse();
            *neq = 0;
        }
    }

    /// Before 3.11: merges pending runs until the stack lengths satisfy
    /// timsort's invariants.
    fn merge_collapse(&mut self) -> RtResult<()> {
        while self.pending.len() > 1 {
            let p = &self.pending;
            let mut n = p.len() - 2;
            if (n > 0 && p[n - 1].len <= p[n].len + p[n + 1].len) || (n > 1 && p[n - 2].len <= p[n - 1].len + p[n].len) {
                if p[n - 1].len < p[n + 1].len {
                    n -= 1;
                }
                self.merge_at(n)?;
            } else if p[n].len <= p[n + 1].len {
                self.merge_at(n)?;
            } else {
                break;
            }
        }
        Ok(())
    }

    /// Binary insertion of `v[start..hi]` into the sorted `v[lo..start]`.
    fn binary_sort(&mut self, lo: usize, hi: usize, mut start: usize) -> RtResult<()> {
        if lo == start {
            start += 1;
        }
        while start < hi {
            let pivot = self.v[start];
            let (mut l, mut r) = (lo, start);
            while l < r {
                let p = l + ((r - l) >> 1);
                if self.lt(pivot, self.v[p])? {
                    r = p;
                } else {
                    l = p + 1;
                }
            }
            self.v.copy_within(l..start, l + 1);
            self.v[l] = pivot;
            start += 1;
        }
        Ok(())
    }

    fn found_new_run(&mut self, n2: usize, n: usize) -> RtResult<()> {
        if let Some(last) = self.pending.last() {
            let power = powerloop(last.base, last.len, n2, n);
            while self.pending.len() > 1 && self.pending[self.pending.len() - 2].power > power {
                self.merge_at(self.pending.len() - 2)?;
            }
            let top = self.pending.len() - 1;
            self.pending[top].power = power;
        }
        Ok(())
    }

    fn force_collapse(&mut self) -> RtResult<()> {
        while self.pending.len() > 1 {
            let mut n = self.pending.len() - 2;
            if n > 0 && self.pending[n - 1].len < self.pending[n + 1].len {
                n -= 1;
            }
            self.merge_at(n)?;
        }
        Ok(())
    }

    /// Merges pending runs `i` and `i + 1`.
    fn merge_at(&mut self, i: usize) -> RtResult<()> {
        let (a, b) = (self.pending[i], self.pending[i + 1]);
        self.pending[i].len = a.len + b.len;
        self.pending.remove(i + 1);
        // Items of a already in place before b's first item.
        let k = gallop_right(&self.v[a.base..a.base + a.len], self.v[b.base], 0, &mut self.lt)?;
        let (base_a, na) = (a.base + k, a.len - k);
        if na == 0 {
            return Ok(());
        }
        // Items of b already in place after a's last item.
        let nb = gallop_left(&self.v[b.base..b.base + b.len], self.v[base_a + na - 1], b.len - 1, &mut self.lt)?;
        if nb == 0 {
            return Ok(());
        }
        if na <= nb {
            self.merge_lo(base_a, na, b.base, nb)
        } else {
            self.merge_hi(base_a, na, b.base, nb)
        }
    }

    /// Merges the adjacent runs `v[pa..pa+na]` and `v[pb..pb+nb]` with
    /// `na <= nb`, from the left.
    fn merge_lo(&mut self, pa: usize, na: usize, pb: usize, nb: usize) -> RtResult<()> {
        let tmp: Vec<T> = self.v[pa..pa + na].to_vec();
        let (mut na, mut nb) = (na, nb);
        let (mut ia, mut ib, mut dest) = (0usize, pb, pa);
        let result = (|| -> RtResult<()> {
            self.v[dest] = self.v[ib];
            dest += 1;
            ib += 1;
            nb -= 1;
            if nb == 0 {
                return Ok(());
            }
            if na == 1 {
                return Ok(());
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                loop {
                    if self.lt(self.v[ib], tmp[ia])? {
                        self.v[dest] = self.v[ib];
                        dest += 1;
                        ib += 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 0 {
                            return Ok(());
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    } else {
                        self.v[dest] = tmp[ia];
                        dest += 1;
                        ia += 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 1 {
                            return Ok(());
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as usize;
                    self.min_gallop = min_gallop;
                    let k = gallop_right(&tmp[ia..ia + na], self.v[ib], 0, &mut self.lt)?;
                    acount = k;
                    if k > 0 {
                        self.v[dest..dest + k].copy_from_slice(&tmp[ia..ia + k]);
                        dest += k;
                        ia += k;
                        na -= k;
                        if na == 1 || na == 0 {
                            return Ok(());
                        }
                    }
                    self.v[dest] = self.v[ib];
                    dest += 1;
                    ib += 1;
                    nb -= 1;
                    if nb == 0 {
                        return Ok(());
                    }
                    let k = gallop_left(&self.v[ib..ib + nb], tmp[ia], 0, &mut self.lt)?;
                    bcount = k;
                    if k > 0 {
                        self.v.copy_within(ib..ib + k, dest);
                        dest += k;
                        ib += k;
                        nb -= k;
                        if nb == 0 {
                            return Ok(());
                        }
                    }
                    self.v[dest] = tmp[ia];
                    dest += 1;
                    ia += 1;
                    na -= 1;
                    if na == 1 {
                        return Ok(());
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        })();
        // What is left: b's rest is in place; a's rest goes next (with
        // one item of a left, CPython moves b's rest first: the same place).
        if na == 1 && nb > 0 && result.is_ok() {
            self.v.copy_within(ib..ib + nb, dest);
            self.v[dest + nb] = tmp[ia];
        } else if na > 0 {
            self.v[dest..dest + na].copy_from_slice(&tmp[ia..ia + na]);
        }
        result
    }

    /// Merges the adjacent runs `v[pa..pa+na]` and `v[pb..pb+nb]` with
    /// `na > nb`, from the right.
    fn merge_hi(&mut self, pa: usize, na: usize, pb: usize, nb: usize) -> RtResult<()> {
        let tmp: Vec<T> = self.v[pb..pb + nb].to_vec();
        let (mut na, mut nb) = (na, nb);
        // Positions one past the last remaining item of each run and of the destination.
        let (mut ea, mut eb, mut dest) = (pa + na, nb, pb + nb);
        let result = (|| -> RtResult<()> {
            dest -= 1;
            ea -= 1;
            self.v[dest] = self.v[ea];
            na -= 1;
            if na == 0 {
                return Ok(());
            }
            if nb == 1 {
                return Ok(());
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                loop {
                    if self.lt(tmp[eb - 1], self.v[ea - 1])? {
                        dest -= 1;
                        ea -= 1;
                        self.v[dest] = self.v[ea];
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 0 {
                            return Ok(());
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    } else {
                        dest -= 1;
                        eb -= 1;
                        self.v[dest] = tmp[eb];
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 1 {
                            return Ok(());
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as usize;
                    self.min_gallop = min_gallop;
                    let k = gallop_right(&self.v[pa..pa + na], tmp[eb - 1], na - 1, &mut self.lt)?;
                    let k = na - k;
                    acount = k;
                    if k > 0 {
                        dest -= k;
                        ea -= k;
                        self.v.copy_within(ea..ea + k, dest);
                        na -= k;
                        if na == 0 {
                            return Ok(());
                        }
                    }
                    dest -= 1;
                    eb -= 1;
                    self.v[dest] = tmp[eb];
                    nb -= 1;
                    if nb == 1 {
                        return Ok(());
                    }
                    let k = gallop_left(&tmp[..nb], self.v[ea - 1], nb - 1, &mut self.lt)?;
                    let k = nb - k;
                    bcount = k;
                    if k > 0 {
                        dest -= k;
                        eb -= k;
                        self.v[dest..dest + k].copy_from_slice(&tmp[eb..eb + k]);
                        nb -= k;
                        if nb == 1 || nb == 0 {
                            return Ok(());
                        }
                    }
                    dest -= 1;
                    ea -= 1;
                    self.v[dest] = self.v[ea];
                    na -= 1;
                    if na == 0 {
                        return Ok(());
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        })();
        // With one item of b left (and items of a), CPython moves a's rest
        // right and puts b's item first; otherwise b's rest fills the gap.
        if nb == 1 && na > 0 && result.is_ok() {
            self.v.copy_within(ea - na..ea, dest - na);
            self.v[dest - na - 1] = tmp[0];
        } else if nb > 0 {
            self.v[dest - nb..dest].copy_from_slice(&tmp[..nb]);
        }
        result
    }
}

/// Where `key` goes in the sorted `a`: the leftmost place (after the items
/// less than it), galloping from `hint` then a binary search, comparing as
/// CPython does.
fn gallop_left<T: Copy, F: FnMut(T, T) -> RtResult<bool>>(a: &[T], key: T, hint: usize, lt: &mut F) -> RtResult<usize> {
    let n = a.len();
    let (mut lastofs, mut ofs) = (0usize, 1usize);
    let (mut lo, mut hi);
    if lt(a[hint], key)? {
        let maxofs = n - hint;
        while ofs < maxofs {
            if lt(a[hint + ofs], key)? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        ofs = ofs.min(maxofs);
        lo = lastofs + hint + 1;
        hi = ofs + hint;
    } else {
        let maxofs = hint + 1;
        while ofs < maxofs {
            if lt(a[hint - ofs], key)? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        ofs = ofs.min(maxofs);
        // CPython's `hint - ofs` may be -1; the search starts one past it.
        lo = hint + 1 - ofs;
        hi = hint - lastofs;
    }
    while lo < hi {
        let m = lo + ((hi - lo) >> 1);
        if lt(a[m], key)? {
            lo = m + 1;
        } else {
            hi = m;
        }
    }
    Ok(hi)
}

/// Where `key` goes in the sorted `a`: the rightmost place (after the
/// items not greater than it), galloping from `hint` as CPython does.
fn gallop_right<T: Copy, F: FnMut(T, T) -> RtResult<bool>>(a: &[T], key: T, hint: usize, lt: &mut F) -> RtResult<usize> {
    let n = a.len();
    let (mut lastofs, mut ofs) = (0usize, 1usize);
    let (mut lo, mut hi);
    if lt(key, a[hint])? {
        let maxofs = hint + 1;
        while ofs < maxofs {
            if lt(key, a[hint - ofs])? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        ofs = ofs.min(maxofs);
        lo = hint + 1 - ofs;
        hi = hint - lastofs;
    } else {
        let maxofs = n - hint;
        while ofs < maxofs {
            if lt(key, a[hint + ofs])? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        ofs = ofs.min(maxofs);
        lo = lastofs + hint + 1;
        hi = ofs + hint;
    }
    while lo < hi {
        let m = lo + ((hi - lo) >> 1);
        if lt(key, a[m])? {
            hi = m;
        } else {
            lo = m + 1;
        }
    }
    Ok(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_f64(mut v: Vec<f64>) -> Vec<f64> {
        sort(&mut v, |a, b| Ok(a < b)).unwrap();
        v
    }

    #[test]
    fn sorts_consistent_orders_stably() {
        let mut v: Vec<(i64, usize)> = (0..500).map(|i| ((i * 7919 % 101) as i64, i as usize)).collect();
        sort(&mut v, |a, b| Ok(a.0 < b.0)).unwrap();
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
    }

    #[test]
    fn nan_placement_matches_cpython() {
        // CPython 3.11: sorted([3, nan, 1, 2]) == [3, nan, 1, 2].
        let out = sorted_f64(vec![3.0, f64::NAN, 1.0, 2.0]);
        assert_eq!(out[0], 3.0);
        assert!(out[1].is_nan());
        assert_eq!(&out[2..], &[1.0, 2.0]);
    }
}
