/*
 * CQL2 text (OGC 21-065r2, Common Query Language), written for GridScape from the standard's BNF
 * (Annex B): boolean connectives, comparisons (binary, LIKE, BETWEEN, IN, IS NULL), CASEI and
 * ACCENTI, arithmetic, spatial functions over WKT and BBOX literals, temporal functions over
 * DATE, TIMESTAMP and INTERVAL literals.
 *
 * Where it departs from the BNF, on purpose:
 * - one expression rule for scalar operands instead of the BNF's typed ones (characterExpression,
 *   numericExpression ...): the types are checked against the queryables after parsing, which
 *   gives messages such as "floors is a number, 'x' is a string" instead of a bare syntax error;
 * - no array functions and no custom functions (not offered; the standard makes both optional).
 * Keywords are case-insensitive, as the standard requires.
 */
grammar Cql2;

options { caseInsensitive = true; }

filter : booleanExpression EOF ;

booleanExpression : booleanTerm ( OR booleanTerm )* ;

booleanTerm : booleanFactor ( AND booleanFactor )* ;

booleanFactor : NOT? booleanPrimary ;

booleanPrimary
  : predicate
  | booleanLiteral
  | LEFTPAREN booleanExpression RIGHTPAREN
  ;

predicate
  : comparisonPredicate
  | spatialPredicate
  | temporalPredicate
  ;

comparisonPredicate
  : left=expression op=comparisonOperator right=expression                      # binaryComparison
  | value=expression NOT? LIKE pattern=expression                                # isLike
  | value=expression NOT? BETWEEN low=expression AND high=expression             # isBetween
  | value=expression NOT? IN LEFTPAREN expression ( COMMA expression )* RIGHTPAREN # isInList
  | value=expression IS NOT? NULL                                                # isNull
  ;

comparisonOperator : EQ | NEQ | LT | GT | LTEQ | GTEQ ;

/* Arithmetic in the usual precedence: ^ (right-associative), then * / % div, then + -. */
expression
  : <assoc=right> left=expression op=CARET right=expression                        # arithmetic
  | left=expression op=( ASTERISK | SOLIDUS | PERCENT | DIV ) right=expression    # arithmetic
  | left=expression op=( PLUS | MINUS ) right=expression                          # arithmetic
  | LEFTPAREN expression RIGHTPAREN                                                # parenthesized
  | CASEI LEFTPAREN expression RIGHTPAREN                                          # casei
  | ACCENTI LEFTPAREN expression RIGHTPAREN                                        # accenti
  | literal                                                                        # literalExpression
  | propertyName                                                                   # property
  ;

literal
  : characterLiteral
  | numericLiteral
  | booleanLiteral
  | instantLiteral
  ;

characterLiteral : STRING ;

numericLiteral : ( PLUS | MINUS )? NUMBER ;

booleanLiteral : TRUE | FALSE ;

propertyName : IDENTIFIER | QUOTED_IDENTIFIER ;

/* Spatial functions: two geometries, each a property or a literal (WKT or BBOX). */
spatialPredicate : SPATIAL_FUNCTION LEFTPAREN geomExpression COMMA geomExpression RIGHTPAREN ;

geomExpression : propertyName | geometryLiteral | bboxLiteral ;

geometryLiteral
  : POINT Z? point                                                                 # pointLiteral
  | LINESTRING Z? lineString                                                       # lineStringLiteral
  | POLYGON Z? polygon                                                             # polygonLiteral
  | MULTIPOINT Z? LEFTPAREN multiPointMember ( COMMA multiPointMember )* RIGHTPAREN  # multiPointLiteral
  | MULTILINESTRING Z? LEFTPAREN lineString ( COMMA lineString )* RIGHTPAREN       # multiLineStringLiteral
  | MULTIPOLYGON Z? LEFTPAREN polygon ( COMMA polygon )* RIGHTPAREN                # multiPolygonLiteral
  | GEOMETRYCOLLECTION LEFTPAREN geometryLiteral ( COMMA geometryLiteral )* RIGHTPAREN # collectionLiteral
  ;

point : LEFTPAREN coordinate RIGHTPAREN ;

multiPointMember : point | coordinate ;

lineString : LEFTPAREN coordinate ( COMMA coordinate )* RIGHTPAREN ;

polygon : LEFTPAREN lineString ( COMMA lineString )* RIGHTPAREN ;

coordinate : numericLiteral numericLiteral numericLiteral? ;

bboxLiteral
  : BBOX LEFTPAREN numericLiteral ( COMMA numericLiteral ) ( COMMA numericLiteral ) ( COMMA numericLiteral )
    ( COMMA numericLiteral COMMA numericLiteral )? RIGHTPAREN
  ;

/* Temporal functions: two instants or intervals, each a property or a literal. */
temporalPredicate : TEMPORAL_FUNCTION LEFTPAREN temporalExpression COMMA temporalExpression RIGHTPAREN ;

temporalExpression : propertyName | instantLiteral | intervalLiteral ;

instantLiteral
  : DATE LEFTPAREN STRING RIGHTPAREN                                               # dateLiteral
  | TIMESTAMP LEFTPAREN STRING RIGHTPAREN                                          # timestampLiteral
  ;

intervalLiteral : INTERVAL LEFTPAREN start=intervalBound COMMA end=intervalBound RIGHTPAREN ;

/* An instant, a date or date-time in quotes, '..' (open) or a property. */
intervalBound : STRING | instantLiteral | propertyName ;

// ---- lexer: keywords before identifiers

AND : 'AND' ;
OR : 'OR' ;
NOT : 'NOT' ;
LIKE : 'LIKE' ;
BETWEEN : 'BETWEEN' ;
IN : 'IN' ;
IS : 'IS' ;
NULL : 'NULL' ;
TRUE : 'TRUE' ;
FALSE : 'FALSE' ;
DIV : 'DIV' ;
CASEI : 'CASEI' ;
ACCENTI : 'ACCENTI' ;
DATE : 'DATE' ;
TIMESTAMP : 'TIMESTAMP' ;
INTERVAL : 'INTERVAL' ;
BBOX : 'BBOX' ;
POINT : 'POINT' ;
LINESTRING : 'LINESTRING' ;
POLYGON : 'POLYGON' ;
MULTIPOINT : 'MULTIPOINT' ;
MULTILINESTRING : 'MULTILINESTRING' ;
MULTIPOLYGON : 'MULTIPOLYGON' ;
GEOMETRYCOLLECTION : 'GEOMETRYCOLLECTION' ;
Z : 'Z' ;

SPATIAL_FUNCTION
  : 'S_INTERSECTS' | 'S_EQUALS' | 'S_DISJOINT' | 'S_TOUCHES' | 'S_WITHIN' | 'S_OVERLAPS' | 'S_CROSSES'
  | 'S_CONTAINS'
  ;

TEMPORAL_FUNCTION
  : 'T_AFTER' | 'T_BEFORE' | 'T_CONTAINS' | 'T_DISJOINT' | 'T_DURING' | 'T_EQUALS' | 'T_FINISHEDBY'
  | 'T_FINISHES' | 'T_INTERSECTS' | 'T_MEETS' | 'T_METBY' | 'T_OVERLAPPEDBY' | 'T_OVERLAPS' | 'T_STARTEDBY'
  | 'T_STARTS'
  ;

EQ : '=' ;
NEQ : '<>' ;
LTEQ : '<=' ;
GTEQ : '>=' ;
LT : '<' ;
GT : '>' ;
LEFTPAREN : '(' ;
RIGHTPAREN : ')' ;
COMMA : ',' ;
PLUS : '+' ;
MINUS : '-' ;
ASTERISK : '*' ;
SOLIDUS : '/' ;
PERCENT : '%' ;
CARET : '^' ;

/* A quote inside a character literal is doubled ('') or escaped (\'). */
STRING : '\'' ( '\'\'' | '\\\'' | ~'\'' )* '\'' ;

NUMBER
  : [0-9]+ ( '.' [0-9]* )? ( 'E' [+-]? [0-9]+ )?
  | '.' [0-9]+ ( 'E' [+-]? [0-9]+ )?
  ;

IDENTIFIER : [\p{L}_] [\p{L}\p{N}_.:]* ;

QUOTED_IDENTIFIER : '"' ~'"'+ '"' ;

WS : [ \t\r\n]+ -> skip ;

/* Anything else is one token the parser rejects, so the error names its position. */
UNEXPECTED : . ;
