//! The R1CS's witness: its own seven columns, computed from the trace, and
//! every column in [`col`] order.
//!
//! All but `halt_inv` are small integers (committed compactly); `halt_inv`
//! is a field element only on stores, where it proves that the address is
//! not the termination word's, and zero elsewhere.

use lasso::field::Field;
use lasso::poly::{CompactPolynomial, DensePolynomial, Polynomial};
use rayon::prelude::*;

use lasso::lookup::surge::{SurgeError, SurgePreprocessing, SurgeWitness};

use super::vm::{col, LayoutConstants, DECODE_FIELDS};
use crate::lookups::{trace_lookups, LookupColumns};
use crate::memory::bytecode::{self as bc, BytecodeTable};
use crate::memory::columns::MemoryColumns;
use crate::memory::{MemoryError, MemoryPreprocessing, MemoryWitness};
use crate::tracer::{Program, Trace};

/// Why the witness of an execution could not be built.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum WitnessError {
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error(transparent)]
    Lookups(#[from] SurgeError),
}

/// Everything the R1CS reads of one execution: the memory checks'
/// columns, the lookups' Surge witness and the R1CS's own columns, all over
/// the same `2^log_rows` cycles.
#[derive(Clone, Debug)]
pub struct VmWitness<F: Field> {
    pub memory: MemoryWitness<F>,
    pub lookups: SurgeWitness<F>,
    pub aux: AuxColumns<Polynomial<F>>,
}

impl<F: Field> VmWitness<F> {
    pub fn generate(
        pre: &MemoryPreprocessing,
        pp: &SurgePreprocessing<F>,
        program: &Program,
        input: &[u8],
        trace: &Trace,
    ) -> Result<Self, WitnessError> {
        let memory = MemoryWitness::generate(pre, program, input, trace)?;
        let lookups = SurgeWitness::generate_with_num_vars(
            pp,
            &trace_lookups(program, trace),
            memory.log_rows,
        )?;
        let aux = AuxColumns::generate(
            program,
            &pre.bytecode,
            trace,
            &memory.columns.ram_address,
            memory.log_rows,
        );
        Ok(Self {
            memory,
            lookups,
            aux,
        })
    }

    pub fn log_rows(&self) -> usize {
        self.memory.log_rows
    }

    /// The lookup columns the R1CS reads.
    pub fn lookup_columns(&self, pp: &SurgePreprocessing<F>) -> LookupColumns<&Polynomial<F>> {
        let w = &self.lookups;
        LookupColumns::select(
            pp,
            &w.dims.iter().collect::<Vec<_>>(),
            &w.e.iter().collect::<Vec<_>>(),
            &w.flags.iter().collect::<Vec<_>>(),
            &&w.outputs,
        )
    }

    /// Every R1CS column, in [`col`] order.
    pub fn columns<'a>(&'a self, pp: &SurgePreprocessing<F>) -> Vec<&'a Polynomial<F>> {
        r1cs_columns(
            &self.memory.columns.map(|p| p),
            &self.lookup_columns(pp),
            &self.aux.map(|p| p),
        )
    }
}

column_set! {
    /// The R1CS's own columns, committed by the R1CS component.
    pub struct AuxColumns<P> {
        /// The lookup's second operand.
        y,
        /// `x * y`.
        product,
        /// 1 when the RAM access is in the stack segment.
        ram_segment,
        /// `ram_segment * (stack formula - low formula)`.
        ram_offset,
        /// 1 on the store to the termination word.
        halt,
        /// `1 / (ram_address - termination cell)` on other stores, else 0.
        halt_inv,
        /// `pc + 4`, or a taken branch's target.
        next_pc,
    }
}

/// The R1CS columns other components commit, in [`col`] order (`P`: a
/// polynomial reference, a commitment reference, an evaluation).
pub fn external_columns<P: Copy>(memory: &MemoryColumns<P>, lookups: &LookupColumns<P>) -> Vec<P> {
    let mut v: Vec<P> = DECODE_FIELDS
        .iter()
        .map(|&f| memory.bytecode_fields[f])
        .collect();
    v.extend([
        memory.bytecode_index,
        memory.rs1_value,
        memory.rs2_value,
        memory.rd_read,
        memory.rd_write,
        memory.ram_address,
        memory.ram_read,
        memory.ram_write,
    ]);
    v.extend(lookups.dims);
    v.extend(lookups.operand_x);
    v.extend(lookups.operand_y);
    v.extend(lookups.flags.iter().copied());
    v.push(lookups.output);
    debug_assert_eq!(v.len(), col::Y);
    v
}

/// Every R1CS column in [`col`] order, from the components that hold them.
pub fn r1cs_columns<P: Copy>(
    memory: &MemoryColumns<P>,
    lookups: &LookupColumns<P>,
    aux: &AuxColumns<P>,
) -> Vec<P> {
    let mut v = external_columns(memory, lookups);
    v.extend(aux.to_vec().into_iter().copied());
    debug_assert_eq!(v.len(), col::NUM_COLUMNS);
    v
}

/// One cycle's auxiliary values.
#[derive(Clone, Copy, Default)]
struct AuxRow {
    y: u32,
    product: u64,
    ram_segment: u8,
    ram_offset: u64,
    halt: u8,
    next_pc: u64,
}

impl<F: Field> AuxColumns<Polynomial<F>> {
    /// The auxiliary columns of `trace` over `2^log_rows` cycles;
    /// `ram_address` is memory checking's column of cell addresses.
    pub fn generate(
        program: &Program,
        table: &BytecodeTable,
        trace: &Trace,
        ram_address: &Polynomial<F>,
        log_rows: usize,
    ) -> Self {
        use lasso::poly::MultilinearPolynomial;
        let k = LayoutConstants::new(program.layout());
        let rows = 1usize << log_rows;
        let field = |f: usize, row: usize| table.field(f)[row] as u64;
        let cells: Vec<u64> = (0..rows)
            .into_par_iter()
            .map(|i| {
                ram_address
                    .get(i)
                    .to_u64()
                    .expect("cell addresses are small")
            })
            .collect();
        let aux: Vec<AuxRow> = (0..rows)
            .into_par_iter()
            .map(|i| {
                let (row, rs1, rs2, a) = match trace.rows.get(i) {
                    Some(r) => (
                        r.bytecode_index as usize + 1,
                        r.rs1_value as u64,
                        r.rs2_value as u64,
                        r.lookup_result as u64,
                    ),
                    None => (0, 0, 0, 0),
                };
                let y = if field(bc::Y_IS_RS2, row) == 1 {
                    rs2
                } else {
                    field(bc::Y_CONST, row)
                };
                let x = rs1 + field(bc::X_CONST, row);
                let is_store = field(bc::IS_STORE, row) == 1;
                let is_mem = is_store || field(bc::IS_LOAD, row) == 1;
                let cell = cells[i];
                let stack = is_mem && cell >> 32 == 2;
                let halt = is_store && cell == k.termination_cell;
                let pc = field(bc::PC, row);
                let target = field(bc::TARGET, row);
                let next_pc =
                    (pc as i128 + 4 + a as i128 * (target as i128 - pc as i128 - 4)) as u64;
                AuxRow {
                    y: y as u32,
                    product: x.checked_mul(y).expect("operands below 2^32"),
                    ram_segment: stack as u8,
                    ram_offset: if stack {
                        (1 << 34) + k.ram_end - 4 + k.io_start - 2 * a
                    } else {
                        0
                    },
                    halt: halt as u8,
                    next_pc,
                }
            })
            .collect();
        let halt_inv: Vec<F> = (0..rows)
            .into_par_iter()
            .map(|i| {
                let row = trace
                    .rows
                    .get(i)
                    .map_or(0, |r| r.bytecode_index as usize + 1);
                if field(bc::IS_STORE, row) == 1 && cells[i] != k.termination_cell {
                    (F::from_u64(cells[i]) - F::from_u64(k.termination_cell))
                        .inverse()
                        .expect("nonzero")
                } else {
                    F::zero()
                }
            })
            .collect();
        let column =
            |f: &(dyn Fn(&AuxRow) -> u64 + Sync)| -> Vec<u64> { aux.par_iter().map(f).collect() };
        let u8s = |f: &(dyn Fn(&AuxRow) -> u64 + Sync)| -> Polynomial<F> {
            CompactPolynomial::<u8, F>::new(column(f).into_iter().map(|v| v as u8).collect()).into()
        };
        let u32s = |f: &(dyn Fn(&AuxRow) -> u64 + Sync)| -> Polynomial<F> {
            CompactPolynomial::<u32, F>::new(column(f).into_iter().map(|v| v as u32).collect())
                .into()
        };
        let u64s = |f: &(dyn Fn(&AuxRow) -> u64 + Sync)| -> Polynomial<F> {
            CompactPolynomial::<u64, F>::new(column(f)).into()
        };
        Self {
            y: u32s(&|r| r.y as u64),
            product: u64s(&|r| r.product),
            ram_segment: u8s(&|r| r.ram_segment as u64),
            ram_offset: u64s(&|r| r.ram_offset),
            halt: u8s(&|r| r.halt as u64),
            halt_inv: DensePolynomial::new(halt_inv).into(),
            next_pc: u64s(&|r| r.next_pc),
        }
    }
}
