//! Witness generation: the memory columns of a trace.
//!
//! Per-cycle columns are read off the [`TraceRow`](crate::tracer::TraceRow)s in parallel into
//! compact (u8..u64) polynomials. Timestamps and counts need the accesses in
//! order, so one sequential pass replays them on the domain's cells (a
//! value and a last-access time per cell, no allocation per cycle); it also
//! checks every read the trace recorded against the replayed memory, so a
//! tracer bug surfaces here, naming the cycle, rather than as a rejected
//! proof.

use lasso::field::Field;
use lasso::memory_checking::range_check::RangeCheckWitness;
use lasso::memory_checking::ReadCounts;
use lasso::poly::{CompactPolynomial, MultilinearPolynomial, Polynomial};
use rayon::prelude::*;

use super::bytecode::{field_width, NUM_BYTECODE_FIELDS, RD, RS1, RS2};
use super::columns::{write_ts, MemoryColumns, SLOTS, SLOT_RAM, SLOT_RD, SLOT_RS1, SLOT_RS2};
use super::domain::MemoryDomain;
use super::{init_cells, MemoryError, MemoryPreprocessing};
use crate::tracer::{Program, RamAccess, Trace};

/// The memory columns of one execution, with the sizes they were built
/// for.
#[derive(Clone, Debug)]
pub struct MemoryWitness<F: Field> {
    /// `log2` of the padded number of cycles.
    pub log_rows: usize,
    pub domain: MemoryDomain,
    pub columns: MemoryColumns<Polynomial<F>>,
}

/// One cycle's accesses: per slot the cell, the value read and the value
/// written.
#[derive(Clone, Copy, Default)]
struct Cycle {
    bytecode_index: u32,
    cells: [u32; SLOTS],
    read: [u32; SLOTS],
    write: [u32; SLOTS],
    ram_address: u64,
}

fn poly_u32<F: Field>(v: Vec<u32>) -> Polynomial<F> {
    CompactPolynomial::<u32, F>::new(v).into()
}

impl<F: Field> MemoryWitness<F> {
    /// The witness of `trace`, a run of `program` on `input`.
    pub fn generate(
        pre: &MemoryPreprocessing,
        program: &Program,
        input: &[u8],
        trace: &Trace,
    ) -> Result<Self, MemoryError> {
        let layout = program.layout();
        let rows = trace.rows.len().next_power_of_two().max(2);
        let log_rows = rows.trailing_zeros() as usize;
        if log_rows > super::MAX_LOG_ROWS {
            return Err(MemoryError::TraceTooLong {
                cycles: trace.rows.len(),
            });
        }
        let rows_in_program = program.bytecode().len();
        if let Some(cycle) = trace
            .rows
            .par_iter()
            .position_any(|r| r.bytecode_index as usize >= rows_in_program)
        {
            return Err(MemoryError::BadBytecodeIndex {
                cycle,
                index: trace.rows[cycle].bytecode_index,
            });
        }
        let ram_addresses = trace.rows.par_iter().filter_map(|r| match r.ram(program) {
            RamAccess::None => None,
            RamAccess::Read { address, .. } | RamAccess::Write { address, .. } => Some(address),
        });
        let touched: Vec<u32> = ram_addresses.collect();
        let domain = MemoryDomain::covering(layout, touched.into_iter());
        let table = &pre.bytecode;

        // Per-cycle accesses, in parallel; padding cycles fetch the no-op and
        // touch only x0.
        let x0 = domain.register_cell(0) as u32;
        let mut cycles: Vec<Cycle> = vec![
            Cycle {
                cells: [x0; SLOTS],
                ..Cycle::default()
            };
            rows
        ];
        cycles[..trace.rows.len()]
            .par_iter_mut()
            .zip(&trace.rows)
            .enumerate()
            .try_for_each(|(i, (c, row))| -> Result<(), MemoryError> {
                let k = row.bytecode_index as usize + 1;
                c.bytecode_index = k as u32;
                let reg = |f: usize| domain.register_cell(table.field(f)[k] as u8) as u32;
                c.cells[SLOT_RS1] = reg(RS1);
                c.cells[SLOT_RS2] = reg(RS2);
                c.cells[SLOT_RD] = reg(RD);
                c.read[SLOT_RS1] = row.rs1_value;
                c.write[SLOT_RS1] = row.rs1_value;
                c.read[SLOT_RS2] = row.rs2_value;
                c.write[SLOT_RS2] = row.rs2_value;
                c.read[SLOT_RD] = row.rd_old;
                c.write[SLOT_RD] = row.rd_new;
                let (address, old, new) = match row.ram(program) {
                    RamAccess::None => return Ok(()),
                    RamAccess::Read { address, value } => (address, value, value),
                    RamAccess::Write { address, old, new } => (address, old, new),
                };
                let cell = domain
                    .cell_of(address)
                    .ok_or(MemoryError::AddressOutsideDomain { cycle: i, address })?;
                c.cells[SLOT_RAM] = cell as u32;
                c.ram_address = domain.cell_address(cell);
                c.read[SLOT_RAM] = old;
                c.write[SLOT_RAM] = new;
                Ok(())
            })?;

        // Replay: read timestamps, final values and timestamps.
        let cells = 1usize << domain.log_size();
        let mut value = vec![0u32; cells];
        for (k, v) in init_cells(pre, &domain, input)? {
            value[k] = v;
        }
        let mut last = vec![0u32; cells];
        let mut read_ts: [Vec<u32>; SLOTS] = std::array::from_fn(|_| vec![0u32; rows]);
        for (i, c) in cycles.iter().enumerate() {
            for (s, ts) in read_ts.iter_mut().enumerate() {
                let cell = c.cells[s] as usize;
                if value[cell] != c.read[s] {
                    return Err(MemoryError::TraceInconsistent {
                        cycle: i,
                        slot: s,
                        expected: value[cell],
                        found: c.read[s],
                    });
                }
                ts[i] = last[cell];
                last[cell] = write_ts(s, i);
                value[cell] = c.write[s];
            }
        }

        let range = RangeCheckWitness::new(SLOTS, rows, log_rows + 2, |s, i| {
            (write_ts(s, i) as u64 - 1).checked_sub(read_ts[s][i] as u64)
        });
        let fetch = ReadCounts::new(1, rows, table.log_size(), |_, i| {
            Some(cycles[i].bytecode_index as u64)
        });

        let per_cycle =
            |f: &(dyn Fn(&Cycle) -> u32 + Sync)| -> Vec<u32> { cycles.par_iter().map(f).collect() };
        let field_column = |f: usize| -> Polynomial<F> {
            let v = per_cycle(&|c| table.field(f)[c.bytecode_index as usize]);
            match field_width(f) {
                8 => {
                    CompactPolynomial::<u8, F>::new(v.into_iter().map(|x| x as u8).collect()).into()
                }
                16 => CompactPolynomial::<u16, F>::new(v.into_iter().map(|x| x as u16).collect())
                    .into(),
                _ => poly_u32(v),
            }
        };
        let mut range_lows = range.lows.into_iter().map(poly_u32);
        let mut range_counts = range.read_counts.into_iter().map(poly_u32);
        let columns = MemoryColumns {
            bytecode_index: poly_u32(per_cycle(&|c| c.bytecode_index)),
            bytecode_fields: std::array::from_fn::<_, NUM_BYTECODE_FIELDS, _>(field_column),
            bytecode_read_count: poly_u32(fetch.read_counts.into_iter().next().expect("one slot")),
            rs1_value: poly_u32(per_cycle(&|c| c.read[SLOT_RS1])),
            rs2_value: poly_u32(per_cycle(&|c| c.read[SLOT_RS2])),
            rd_read: poly_u32(per_cycle(&|c| c.read[SLOT_RD])),
            rd_write: poly_u32(per_cycle(&|c| c.write[SLOT_RD])),
            ram_address: CompactPolynomial::<u64, F>::new(
                cycles.par_iter().map(|c| c.ram_address).collect(),
            )
            .into(),
            ram_read: poly_u32(per_cycle(&|c| c.read[SLOT_RAM])),
            ram_write: poly_u32(per_cycle(&|c| c.write[SLOT_RAM])),
            read_ts: read_ts.map(poly_u32),
            range_low: std::array::from_fn(|_| range_lows.next().expect("one per slot")),
            range_read_counts: std::array::from_fn(|_| range_counts.next().expect("two per slot")),
            bytecode_final_count: poly_u32(fetch.final_counts),
            final_value: poly_u32(value),
            final_ts: poly_u32(last),
            range_final_count: poly_u32(range.final_counts),
        };
        Ok(Self {
            log_rows,
            domain,
            columns,
        })
    }

    /// Sets entry `index` of column `column` (in [`MemoryColumns::to_vec`]
    /// order) to `value`: a fault-injection hook of the soundness tests
    /// ([`crate::fault`]), which then run the real prover on the corrupted
    /// witness.
    #[cfg(feature = "fault-injection")]
    pub fn set(&mut self, column: usize, index: usize, value: u64) {
        let cell = self.columns.to_vec_mut().swap_remove(column);
        *cell = crate::fault::with_entry(cell, index, F::from_u64(value));
    }

    /// Entry `index` of column `column`, as an integer.
    pub fn get(&self, column: usize, index: usize) -> u64 {
        self.columns.to_vec()[column]
            .get(index)
            .to_u64()
            .expect("witness columns are small")
    }
}
