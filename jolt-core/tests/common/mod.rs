//! Test helpers: a tiny RV32IM encoder and an ELF32 writer, so tests can
//! build exact programs (and exactly broken files) without a toolchain.
#![allow(dead_code)]

/// One loadable segment to write.
pub struct Seg {
    pub vaddr: u32,
    pub data: Vec<u8>,
    pub mem_size: u32,
    pub flags: u32,
}

pub const PF_X: u32 = 1;
pub const PF_W: u32 = 2;
pub const PF_R: u32 = 4;

/// Header fields that tests may break.
pub struct Header {
    pub class: u8,
    pub data: u8,
    pub e_type: u16,
    pub machine: u16,
    pub entry: u32,
}

impl Default for Header {
    fn default() -> Self {
        Header {
            class: 1,
            data: 1,
            e_type: 2,
            machine: 243,
            entry: 0x8000_0000,
        }
    }
}

/// Writes an ELF32 file with one program header per segment.
pub fn elf32(h: &Header, segs: &[Seg]) -> Vec<u8> {
    let phoff = 52u32;
    let data_off = phoff + 32 * segs.len() as u32;
    let mut out = Vec::new();
    out.extend_from_slice(b"\x7fELF");
    out.extend_from_slice(&[h.class, h.data, 1, 0]);
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&h.e_type.to_le_bytes());
    out.extend_from_slice(&h.machine.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes()); // version
    out.extend_from_slice(&h.entry.to_le_bytes());
    out.extend_from_slice(&phoff.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // shoff
    out.extend_from_slice(&0u32.to_le_bytes()); // flags
    out.extend_from_slice(&52u16.to_le_bytes()); // ehsize
    out.extend_from_slice(&32u16.to_le_bytes()); // phentsize
    out.extend_from_slice(&(segs.len() as u16).to_le_bytes());
    out.extend_from_slice(&40u16.to_le_bytes()); // shentsize
    out.extend_from_slice(&0u16.to_le_bytes()); // shnum
    out.extend_from_slice(&0u16.to_le_bytes()); // shstrndx
    assert_eq!(out.len(), 52);
    let mut off = data_off;
    for s in segs {
        for v in [
            1u32,
            off,
            s.vaddr,
            s.vaddr,
            s.data.len() as u32,
            s.mem_size,
            s.flags,
            4,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        off += s.data.len() as u32;
    }
    for s in segs {
        out.extend_from_slice(&s.data);
    }
    out
}

/// An executable ELF holding `code` at the RAM base, entry there.
pub fn program(code: &[u32]) -> Vec<u8> {
    let data = code
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect::<Vec<_>>();
    let n = data.len() as u32;
    elf32(
        &Header::default(),
        &[Seg {
            vaddr: 0x8000_0000,
            data,
            mem_size: n,
            flags: PF_R | PF_X,
        }],
    )
}

// ---- encoder -------------------------------------------------------------

pub fn r(funct7: u32, rs2: u32, rs1: u32, funct3: u32, rd: u32, opcode: u32) -> u32 {
    funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
}
pub fn i(imm: i32, rs1: u32, funct3: u32, rd: u32, opcode: u32) -> u32 {
    ((imm as u32) & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
}
pub fn s(imm: i32, rs2: u32, rs1: u32, funct3: u32) -> u32 {
    let imm = imm as u32;
    (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm & 0x1f) << 7 | 0x23
}
pub fn b(imm: i32, rs2: u32, rs1: u32, funct3: u32) -> u32 {
    let imm = imm as u32;
    (imm >> 12 & 1) << 31
        | (imm >> 5 & 0x3f) << 25
        | rs2 << 20
        | rs1 << 15
        | funct3 << 12
        | (imm >> 1 & 0xf) << 8
        | (imm >> 11 & 1) << 7
        | 0x63
}
pub fn lui(rd: u32, imm: u32) -> u32 {
    (imm & 0xfffff000) | rd << 7 | 0x37
}
pub fn jal(rd: u32, imm: i32) -> u32 {
    let imm = imm as u32;
    (imm >> 20 & 1) << 31
        | (imm >> 1 & 0x3ff) << 21
        | (imm >> 11 & 1) << 20
        | (imm >> 12 & 0xff) << 12
        | rd << 7
        | 0x6f
}
pub fn jalr(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 0, rd, 0x67)
}
pub fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 0, rd, 0x13)
}
pub fn add(rd: u32, rs1: u32, rs2: u32) -> u32 {
    r(0, rs2, rs1, 0, rd, 0x33)
}
pub fn mul(rd: u32, rs1: u32, rs2: u32) -> u32 {
    r(1, rs2, rs1, 0, rd, 0x33)
}
pub fn div(rd: u32, rs1: u32, rs2: u32) -> u32 {
    r(1, rs2, rs1, 4, rd, 0x33)
}
pub fn lw(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 2, rd, 0x03)
}
pub fn lh(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 1, rd, 0x03)
}
pub fn lbu(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 4, rd, 0x03)
}
pub fn sw(rs2: u32, rs1: u32, imm: i32) -> u32 {
    s(imm, rs2, rs1, 2)
}
pub fn sh(rs2: u32, rs1: u32, imm: i32) -> u32 {
    s(imm, rs2, rs1, 1)
}
pub fn sb(rs2: u32, rs1: u32, imm: i32) -> u32 {
    s(imm, rs2, rs1, 0)
}
pub fn bne(rs1: u32, rs2: u32, imm: i32) -> u32 {
    b(imm, rs2, rs1, 1)
}
pub const ECALL: u32 = 0x73;

/// `li rd, value` as LUI + ADDI (always two words).
pub fn li(rd: u32, value: u32) -> [u32; 2] {
    let lo = ((value & 0xfff) as i32) << 20 >> 20;
    let hi = value.wrapping_sub(lo as u32);
    [lui(rd, hi), addi(rd, rd, lo)]
}

/// The halt sequence: store to the termination word (0x7fff_fffc).
pub fn halt() -> [u32; 2] {
    [lui(31, 0x8000_0000), sw(0, 31, -4)]
}

/// `x30 := 1; sw x30, -4(0x8000_0000)`: halt by writing 1, as the guest
/// runtimes do (what a proof accepts).
pub fn halt1() -> [u32; 4] {
    [
        lui(31, 0x8000_0000),
        addi(30, 0, 1),
        sw(30, 31, -4),
        addi(0, 0, 0),
    ]
}

pub fn sub(rd: u32, rs1: u32, rs2: u32) -> u32 {
    r(0x20, rs2, rs1, 0, rd, 0x33)
}
pub fn alu(funct7: u32, funct3: u32, rd: u32, rs1: u32, rs2: u32) -> u32 {
    r(funct7, rs2, rs1, funct3, rd, 0x33)
}
pub fn alui(funct3: u32, rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, funct3, rd, 0x13)
}
pub fn auipc(rd: u32, imm: u32) -> u32 {
    (imm & 0xfffff000) | rd << 7 | 0x17
}

/// A program using every kind of instruction: the ALU with registers and
/// immediates, the M extension (DIV and REM as virtual sequences), shifts
/// by a register (sequences) and by an immediate, a write to x0, LUI and
/// AUIPC, a loop (a branch taken and not taken), a negative-offset store
/// and load on the stack, byte and half-word accesses (sequences), JAL and
/// JALR, the output, and the halt.
pub fn mixed_program_words() -> Vec<u32> {
    let l = jolt_core::MemoryLayout::default();
    let mut c = Vec::new();
    c.extend(li(5, l.output_start()));
    c.extend(li(6, l.input_start()));
    c.push(lw(7, 6, 0)); // x7 = input word
    c.push(addi(8, 0, 1234));
    c.push(mul(9, 7, 8));
    c.push(alu(1, 3, 10, 9, 7)); // mulhu
    c.push(div(11, 9, 8));
    c.push(alu(1, 6, 12, 9, 8)); // rem
    c.push(sub(13, 8, 7));
    c.push(alu(0, 1, 14, 8, 7)); // sll by a register
    c.push(alu(0x20, 5, 15, 13, 7)); // sra
    c.push(alu(0, 5, 16, 13, 7)); // srl
    c.push(alui(1, 17, 8, 3)); // slli
    c.push(alui(5, 18, 13, 0x400 | 2)); // srai
    c.push(alu(0, 4, 19, 8, 13)); // xor
    c.push(alu(0, 6, 19, 19, 7)); // or
    c.push(alu(0, 7, 19, 19, 9)); // and
    c.push(alu(0, 2, 20, 13, 8)); // slt
    c.push(alu(0, 3, 20, 20, 8)); // sltu
    c.push(alui(3, 21, 8, -1)); // sltiu
    c.push(alui(4, 22, 8, -1)); // xori
    c.push(addi(0, 8, 5)); // a write to x0
    c.push(lui(23, 0xabcd_e000));
    c.push(auipc(24, 0x1000));
    // loop: five times store to and load from the stack, then fall out.
    c.push(addi(25, 0, 5));
    c.push(addi(25, 25, -1));
    c.push(sw(25, 2, -16));
    c.push(lw(26, 2, -16));
    c.push(bne(25, 0, -12));
    // heap: byte and half-word store and loads
    c.extend(li(12, l.ram_base() + 0x800));
    c.push(sb(8, 12, 1));
    c.push(sh(7, 12, 2));
    c.push(lbu(13, 12, 1));
    c.push(lh(14, 12, 2));
    // jumps: JAL over one instruction, then JALR over one.
    c.push(jal(1, 8));
    c.push(addi(27, 0, 99)); // skipped
    c.push(addi(27, 0, 7));
    c.push(auipc(28, 0));
    c.push(jalr(29, 28, 12));
    c.push(addi(27, 27, 100)); // skipped
    c.push(addi(27, 27, 1));
    // output: one word and its length
    c.push(add(9, 9, 27));
    c.push(sw(9, 5, 0));
    c.extend(li(10, l.output_len()));
    c.push(addi(11, 0, 4));
    c.push(sw(11, 10, 0));
    c.extend(halt1());
    c
}
