//! What prover and verifier derive from the table family and `log_m` alone.

use std::collections::HashMap;
use std::sync::Arc;

use super::SurgeError;
use crate::field::Field;
use crate::lookup::table::{DecomposableTable, Subtable};
use crate::transcript::Transcript;

/// One memory: a subtable read at one chunk position, with its own `E`
/// polynomial. Two tables reading the same subtable (by name) at the same
/// chunk share it. The memories of one chunk are memory-checked together
/// (see [`SurgePreprocessing::chunk_memories`]).
#[derive(Clone)]
pub struct Memory<F: Field> {
    /// The subtable it holds.
    pub subtable: Arc<dyn Subtable<F>>,
    /// Position in [`SurgePreprocessing::subtables`] (shared materialisation
    /// and MLE evaluation).
    pub subtable_id: usize,
    /// The chunk position whose dimension polynomial `dim_c` addresses it.
    pub chunk: usize,
}

/// The structure of a Surge instance: the tables, the distinct memories and,
/// per table, the memories its `g` reads.
///
/// Built from the family and `log_m` only, so the prover and the verifier
/// build the same one. The subtables are materialised here (at most a few
/// times 2^16 small integers, milliseconds); the verifier never reads the
/// entries, only names, structure and [`Subtable::evaluate_mle`].
pub struct SurgePreprocessing<F: Field> {
    log_m: usize,
    tables: Vec<Arc<dyn DecomposableTable<F>>>,
    subtables: Vec<Arc<dyn Subtable<F>>>,
    entries: Vec<Vec<u64>>,
    memories: Vec<Memory<F>>,
    table_memories: Vec<Vec<usize>>,
    chunk_memories: Vec<Vec<usize>>,
    num_chunks: usize,
    max_g_degree: usize,
}

impl<F: Field> SurgePreprocessing<F> {
    /// The largest subtable size supported, `2^16` entries.
    pub const MAX_LOG_M: usize = 16;

    /// Derives the memories of a family of tables over subtables of
    /// `2^log_m` entries. Table `t` of `tables` is the table that flag `t`
    /// selects; table 0 also serves the padding rows.
    pub fn new(
        tables: Vec<Arc<dyn DecomposableTable<F>>>,
        log_m: usize,
    ) -> Result<Self, SurgeError> {
        Self::with_exposed(tables, Vec::new(), log_m)
    }

    /// [`Self::new`], plus *exposed* memories: each subtable of `exposed`
    /// is read at every chunk position although no table's `g` reads it.
    /// Their `E` polynomials are memory-checked like the others, so a
    /// caller holding their commitments knows `E[i] = S[dim_c[i]]` (the
    /// zkVM's R1CS reads the operand pieces of each chunk this way). Find
    /// one with [`Self::memory_index`].
    pub fn with_exposed(
        tables: Vec<Arc<dyn DecomposableTable<F>>>,
        exposed: Vec<Arc<dyn Subtable<F>>>,
        log_m: usize,
    ) -> Result<Self, SurgeError> {
        if tables.is_empty() {
            return Err(SurgeError::Preprocessing("no table".into()));
        }
        if log_m == 0 || log_m > Self::MAX_LOG_M {
            return Err(SurgeError::Preprocessing(format!(
                "log_m must be in 1..={}, got {log_m}",
                Self::MAX_LOG_M
            )));
        }
        let mut subtables: Vec<Arc<dyn Subtable<F>>> = Vec::new();
        let mut entries: Vec<Vec<u64>> = Vec::new();
        let mut subtable_ids: HashMap<String, usize> = HashMap::new();
        let mut memories: Vec<Memory<F>> = Vec::new();
        let mut memory_ids: HashMap<(usize, usize), usize> = HashMap::new();
        // The id of a subtable, materialised on first sight; the same name
        // must mean the same entries.
        let mut register = |subtable: &Arc<dyn Subtable<F>>| -> Result<usize, SurgeError> {
            let name = subtable.name();
            if let Some(&id) = subtable_ids.get(&name) {
                if subtable.materialize(log_m) != entries[id] {
                    return Err(SurgeError::Preprocessing(format!(
                        "two different subtables are named {name}"
                    )));
                }
                return Ok(id);
            }
            let materialized = subtable.materialize(log_m);
            if materialized.len() != 1 << log_m {
                return Err(SurgeError::Preprocessing(format!(
                    "subtable {name} has {} entries, expected 2^{log_m}",
                    materialized.len()
                )));
            }
            subtable_ids.insert(name, subtables.len());
            subtables.push(subtable.clone());
            entries.push(materialized);
            Ok(subtables.len() - 1)
        };
        let mut memory = |subtable_id: usize, subtable: &Arc<dyn Subtable<F>>, chunk: usize| {
            *memory_ids.entry((subtable_id, chunk)).or_insert_with(|| {
                memories.push(Memory {
                    subtable: subtable.clone(),
                    subtable_id,
                    chunk,
                });
                memories.len() - 1
            })
        };
        let mut table_memories = Vec::with_capacity(tables.len());
        let mut num_chunks = 0;
        let mut max_g_degree = 0;
        for table in &tables {
            let c = table.num_chunks();
            if c == 0 {
                return Err(SurgeError::Preprocessing(format!(
                    "table {} has no chunk",
                    table.name()
                )));
            }
            num_chunks = num_chunks.max(c);
            max_g_degree = max_g_degree.max(table.g_degree());
            let mut reads = Vec::new();
            for read in table.subtable_reads(log_m) {
                let subtable_id = register(&read.subtable)?;
                for &chunk in &read.chunks {
                    if chunk >= c {
                        return Err(SurgeError::Preprocessing(format!(
                            "table {} reads chunk {chunk} of {c}",
                            table.name()
                        )));
                    }
                    reads.push(memory(subtable_id, &read.subtable, chunk));
                }
            }
            table_memories.push(reads);
        }
        for subtable in &exposed {
            let subtable_id = register(subtable)?;
            for chunk in 0..num_chunks {
                memory(subtable_id, subtable, chunk);
            }
        }
        let chunk_memories = (0..num_chunks)
            .map(|c| {
                (0..memories.len())
                    .filter(|&m| memories[m].chunk == c)
                    .collect()
            })
            .collect();
        Ok(Self {
            log_m,
            tables,
            subtables,
            entries,
            memories,
            table_memories,
            chunk_memories,
            num_chunks,
            max_g_degree,
        })
    }

    /// The memory holding subtable `name` at chunk `chunk`, if any.
    pub fn memory_index(&self, name: &str, chunk: usize) -> Option<usize> {
        self.memories
            .iter()
            .position(|m| m.chunk == chunk && m.subtable.name() == name)
    }

    /// Bits per chunk: every subtable has `2^log_m` entries.
    pub fn log_m(&self) -> usize {
        self.log_m
    }

    pub fn tables(&self) -> &[Arc<dyn DecomposableTable<F>>] {
        &self.tables
    }

    /// The distinct subtables, by name.
    pub fn subtables(&self) -> &[Arc<dyn Subtable<F>>] {
        &self.subtables
    }

    /// The materialised entries of subtable `id`.
    pub fn subtable_entries(&self, id: usize) -> &[u64] {
        &self.entries[id]
    }

    /// The distinct (subtable, chunk) memories.
    pub fn memories(&self) -> &[Memory<F>] {
        &self.memories
    }

    /// For table `t`, the memories whose values `g_t` takes, in its order.
    pub fn table_memories(&self, t: usize) -> &[usize] {
        &self.table_memories[t]
    }

    /// The memories read at chunk position `c`, in memory order: the values
    /// of the tuple that chunk `c`'s memory check fingerprints.
    pub fn chunk_memories(&self, c: usize) -> &[usize] {
        &self.chunk_memories[c]
    }

    /// The shapes of the memory checks over `2^num_vars` rows: one
    /// read-only memory of `M` cells per chunk position.
    pub fn memory_shapes(&self, num_vars: usize) -> Vec<crate::memory_checking::MemoryShape> {
        (0..self.num_chunks())
            .map(|_| crate::memory_checking::MemoryShape {
                slots: 1,
                log_rows: num_vars,
                log_domain: self.log_m,
            })
            .collect()
    }

    /// `C`: the number of dimension polynomials (the most chunks of any
    /// table; a table with fewer leaves the others at zero).
    pub fn num_chunks(&self) -> usize {
        self.num_chunks
    }

    /// Degree of the primary sum-check's round polynomials:
    /// `eq * flag * g` has degree `2 + deg g`, the booleanity term
    /// `eq * (flag^2 - flag)` degree 3.
    pub fn primary_degree(&self) -> usize {
        (2 + self.max_g_degree).max(3)
    }

    /// Absorbs the statement's fixed part: protocol, sizes and the family's
    /// structure (table names, chunk counts, degrees, memories).
    pub(crate) fn absorb(&self, transcript: &mut Transcript, num_vars: usize) {
        transcript.append_bytes(b"surge_protocol", b"surge-v1");
        transcript.append_u64(b"surge_log_m", self.log_m as u64);
        transcript.append_u64(b"surge_num_vars", num_vars as u64);
        transcript.append_u64(b"surge_num_tables", self.tables.len() as u64);
        for table in &self.tables {
            transcript.append_bytes(b"surge_table", table.name().as_bytes());
            transcript.append_u64(b"surge_table_chunks", table.num_chunks() as u64);
            transcript.append_u64(b"surge_table_degree", table.g_degree() as u64);
        }
        transcript.append_u64(b"surge_num_memories", self.memories.len() as u64);
        for memory in &self.memories {
            transcript.append_bytes(b"surge_memory", memory.subtable.name().as_bytes());
            transcript.append_u64(b"surge_memory_chunk", memory.chunk as u64);
        }
    }

    /// `sum_t flag_t g_t(E) + sum_t b_t (flag_t^2 - flag_t)`, the primary
    /// sum-check's integrand without its `eq` factor, at one point. `e` holds
    /// every memory's value, `buffer` is scratch space. Tables whose flag is
    /// zero contribute nothing and are skipped.
    pub(crate) fn integrand(
        &self,
        booleanity: &[F],
        flags: &[F],
        e: &[F],
        buffer: &mut Vec<F>,
    ) -> F {
        let mut acc = F::zero();
        for (t, f) in flags.iter().enumerate() {
            if f.is_zero() {
                continue;
            }
            buffer.clear();
            buffer.extend(self.table_memories[t].iter().map(|&m| e[m]));
            acc += self.table_term(t, booleanity[t], *f, buffer);
        }
        acc
    }

    /// Table `t`'s term of the integrand, `f (g_t(E) + b (f - 1))` for its
    /// flag's value `f`, booleanity coefficient `b` and the values
    /// `table_e` of its memories (in [`Self::table_memories`] order).
    #[inline]
    pub(crate) fn table_term(&self, t: usize, b: F, f: F, table_e: &[F]) -> F {
        f * (self.tables[t].combine(table_e, self.log_m) + b * (f - F::one()))
    }
}
